#!/usr/bin/env python3
"""PyTorch side of `npm run bench -- --compare-pytorch`.

Builds the same Sequential as a Gradient Lab model document (examples/*.json), trains
it with the document's optimizer and learning rate on the same number of samples and
batch size, and prints one JSON object per batch size on stdout:

    {"batch_size": 32, "samples": 55000, "epochs": 3, "threads": 2,
     "seconds_per_epoch": 1.23, "step_seconds": [...], "torch": "1.13.0"}

seconds_per_epoch is the median over the epochs of the training steps only (shuffle,
batch gather, forward, loss, backward, optimizer step), as TrainResult.step_seconds is
on the TypeScript side.

The data are random float32 images and random labels of the real shape (N x 784,
10 classes): the time of a dense step does not depend on the values, and this script
then needs neither the dataset nor its cache.

Usage:
    bench_pytorch.py --model FILE|- --samples N --batch-sizes 32,256 [--epochs 3] [--threads T]

Exit codes: 0 done, 2 bad usage or a model this script cannot mirror (the message says
which layer), 4 anything else.
"""

import argparse
import json
import math
import statistics
import sys
import time

try:
    import torch
    from torch import nn
except ImportError:  # the caller checks first; this is for someone running the script by hand
    sys.stderr.write("PyTorch not found: apt-get install python3-torch, or set GRADIENT_LAB_PYTHON\n")
    sys.exit(2)

INPUT_FEATURES = 784
CLASSES = 10
# Defaults of the model document (src-shared/model/defaults.ts); the `leaky_relu`
# activation *string* uses 0.2 like tf.nn.leaky_relu, the LeakyReLU *layer* 0.3 (Keras).
LEAKY_RELU_ACTIVATION_ALPHA = 0.2
LEAKY_RELU_LAYER_ALPHA = 0.3
ELU_ALPHA = 1.0
RRELU_LOWER, RRELU_UPPER = 1 / 8, 1 / 3
BN_MOMENTUM, BN_EPSILON = 0.99, 1e-3
ADAM_DEFAULTS = {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}


class Unsupported(Exception):
    """A model this script cannot mirror in PyTorch (exit 2, message names the layer)."""


def activation_module(name, where, last):
    """The torch module of an activation id, or None for linear.

    A softmax at the very end becomes plain logits: CrossEntropyLoss applies
    log-softmax itself, which is the same work as softmax + sparse cross-entropy.
    """
    if name in (None, "linear"):
        return None
    if name == "softmax":
        return None if last else nn.Softmax(dim=1)
    table = {
        "relu": lambda: nn.ReLU(),
        "leaky_relu": lambda: nn.LeakyReLU(LEAKY_RELU_ACTIVATION_ALPHA),
        "elu": lambda: nn.ELU(ELU_ALPHA),
        "selu": lambda: nn.SELU(),
        "sigmoid": lambda: nn.Sigmoid(),
        "tanh": lambda: nn.Tanh(),
    }
    if name not in table:
        raise Unsupported(f"{where}: activation {name!r} has no PyTorch counterpart here")
    return table[name]()


def init_kernel(weight, init, where):
    """Keras kernel initializers on a torch Linear weight (shape out x in, so fan_in = in)."""
    fan_out, fan_in = weight.shape
    init = init if init is not None else "glorot_uniform"
    if isinstance(init, str):
        if init == "glorot_uniform":
            nn.init.xavier_uniform_(weight)
        elif init == "glorot_normal":
            nn.init.xavier_normal_(weight)
        elif init == "he_normal":
            nn.init.kaiming_normal_(weight, nonlinearity="relu")
        elif init == "he_uniform":
            nn.init.kaiming_uniform_(weight, nonlinearity="relu")
        elif init == "lecun_normal":
            nn.init.normal_(weight, 0.0, math.sqrt(1.0 / fan_in))
        elif init == "lecun_uniform":
            limit = math.sqrt(3.0 / fan_in)
            nn.init.uniform_(weight, -limit, limit)
        else:
            raise Unsupported(f"{where}: kernel_initializer {init!r} is not supported")
        return
    name = init.get("name")
    if name == "random_normal":
        nn.init.normal_(weight, init["mean"], init["stddev"])
    elif name == "random_uniform":
        nn.init.uniform_(weight, init["minval"], init["maxval"])
    elif name == "variance_scaling":
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[init["mode"]]
        variance = init["scale"] / fan
        if init["distribution"] == "uniform":
            limit = math.sqrt(3.0 * variance)
            nn.init.uniform_(weight, -limit, limit)
        else:
            # Truncation changes values, not the cost of a step: a plain normal does for timing.
            nn.init.normal_(weight, 0.0, math.sqrt(variance))
    else:
        raise Unsupported(f"{where}: kernel_initializer {name!r} is not supported")


def build(doc):
    """torch Sequential mirroring doc["layers"]; raises Unsupported for anything else."""
    layers = doc.get("layers")
    if not isinstance(layers, list) or not layers:
        raise Unsupported("layers: expected a non-empty list")
    modules = []
    features = INPUT_FEATURES
    for i, layer in enumerate(layers):
        where = f"layers[{i}]"
        kind = layer.get("kind")
        last = i == len(layers) - 1
        if kind == "flatten":
            continue  # the data are already N x 784
        if kind == "dense":
            units = layer["units"]
            linear = nn.Linear(features, units, bias=layer.get("use_bias", True))
            init_kernel(linear.weight, layer.get("kernel_initializer"), where)
            if linear.bias is not None:
                nn.init.zeros_(linear.bias)
            modules.append(linear)
            act = activation_module(layer.get("activation"), where, last)
            if act is not None:
                modules.append(act)
            features = units
        elif kind == "leaky_relu":
            modules.append(nn.LeakyReLU(layer.get("alpha", LEAKY_RELU_LAYER_ALPHA)))
        elif kind == "elu":
            modules.append(nn.ELU(layer.get("alpha", ELU_ALPHA)))
        elif kind == "prelu":
            # Keras' PReLU learns one slope per unit, initialized to 0.
            prelu = nn.PReLU(num_parameters=features, init=0.0)
            modules.append(prelu)
        elif kind == "rrelu":
            modules.append(nn.RReLU(layer.get("lower", RRELU_LOWER), layer.get("upper", RRELU_UPPER)))
        elif kind == "activation":
            act = activation_module(layer.get("activation"), where, last)
            if act is not None:
                modules.append(act)
        elif kind == "batch_normalization":
            # Keras' momentum weighs the old running value; torch's weighs the new batch.
            modules.append(
                nn.BatchNorm1d(features, eps=layer.get("epsilon", BN_EPSILON), momentum=1 - layer.get("momentum", BN_MOMENTUM))
            )
        elif kind == "dropout":
            modules.append(nn.Dropout(layer["rate"]))
        elif kind == "alpha_dropout":
            modules.append(nn.AlphaDropout(layer["rate"]))
        else:
            raise Unsupported(f"{where}: layer kind {kind!r} has no PyTorch counterpart in this script")
    if features != CLASSES:
        raise Unsupported(f"the last dense layer must have {CLASSES} units, received {features}")
    return nn.Sequential(*modules)


def make_optimizer(doc, params):
    """SGD (momentum, nesterov) or Adam with the document's settings."""
    opt = doc.get("training", {}).get("optimizer", {})
    name = opt.get("name")
    lr = opt.get("learning_rate")
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=opt.get("momentum", 0.0), nesterov=opt.get("nesterov", False))
    if name == "adam":
        return torch.optim.Adam(
            params,
            lr=lr,
            betas=(opt.get("beta_1", ADAM_DEFAULTS["beta_1"]), opt.get("beta_2", ADAM_DEFAULTS["beta_2"])),
            eps=opt.get("epsilon", ADAM_DEFAULTS["epsilon"]),
        )
    raise Unsupported(f"training.optimizer.name: {name!r} is not supported (sgd or adam)")


def time_epochs(doc, samples, batch_size, epochs, seed):
    """Seconds of training steps per epoch, for a fresh model (like one `train` call)."""
    torch.manual_seed(seed)
    model = build(doc)
    optimizer = make_optimizer(doc, model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(samples, INPUT_FEATURES, dtype=torch.float32)
    y = torch.randint(0, CLASSES, (samples,))
    model.train()
    seconds = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        order = torch.randperm(samples)
        for start in range(0, samples, batch_size):
            rows = order[start : start + batch_size]
            xb, yb = x[rows], y[rows]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        # CPU tensors: every op above has finished when the loop ends.
        seconds.append(time.perf_counter() - t0)
    return seconds


def positive_int(text, flag, minimum=1):
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < minimum:
        sys.stderr.write(f"{flag}: expected an integer from {minimum}, received {text!r}\n")
        sys.exit(2)
    return value


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="model document (JSON); - reads it from stdin")
    parser.add_argument("--samples", required=True, help="training samples per epoch")
    parser.add_argument("--batch-sizes", required=True, help="comma list, e.g. 32,256")
    parser.add_argument("--epochs", default="3", help="epochs timed per batch size (median reported; at least 3)")
    parser.add_argument("--threads", default="1", help="torch.set_num_threads")
    parser.add_argument("--seed", default="42")
    args = parser.parse_args(argv)
    samples = positive_int(args.samples, "--samples")
    epochs = positive_int(args.epochs, "--epochs", 3)
    threads = positive_int(args.threads, "--threads")
    seed = positive_int(args.seed, "--seed", 0)
    batch_sizes = [positive_int(b, "--batch-sizes") for b in args.batch_sizes.split(",")]
    try:
        if args.model == "-":
            doc = json.load(sys.stdin)
        else:
            with open(args.model, encoding="utf-8") as f:
                doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write(f"--model: cannot read {args.model!r}: {e}\n")
        return 2
    torch.set_num_threads(threads)
    try:
        build(doc)  # refuse an unsupported model before any timing
        make_optimizer(doc, [nn.Parameter(torch.zeros(1))])
        for batch_size in batch_sizes:
            seconds = time_epochs(doc, samples, batch_size, epochs, seed)
            row = {
                "batch_size": batch_size,
                "samples": samples,
                "epochs": epochs,
                "threads": torch.get_num_threads(),
                "seconds_per_epoch": statistics.median(seconds),
                "step_seconds": seconds,
                "torch": torch.__version__,
            }
            print(json.dumps(row), flush=True)
    except Unsupported as e:
        sys.stderr.write(f"cannot mirror this model in PyTorch: {e}\n")
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 — one line for the caller, not a traceback
        sys.stderr.write(f"bench_pytorch.py failed: {type(e).__name__}: {e}\n")
        sys.exit(4)
