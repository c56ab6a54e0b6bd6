/**
 * Chooses the TensorFlow.js backend and says, in words, what happened to each one
 * tried. Native backends (tfjs-node-gpu, tfjs-node) are optional dependencies that
 * often cannot install; wasm is the portable fast path; cpu always works.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { BACKEND_ENV_VAR, BACKEND_PREFERENCES, type BackendPreference } from '../../src-shared/training/run-options.js';
import { applyWasmDenseKernels, isWasmDenseKernelsApplied, wasmDenseKernelsError } from './kernels/wasm-dense-kernels.js';
import { applyWasmMatMulFix, isWasmMatMulFixApplied } from './wasm-matmul-fix.js';

export { BACKEND_ENV_VAR, BACKEND_PREFERENCES, type BackendPreference };

/** Backends in the order `auto` tries them: fastest first. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** True when A and B are the same type, tuple order included. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/**
 * The preferences the user can pick (a shared table, so the renderer and IPC schema need no
 * tfjs) must be `auto` followed by exactly the chain {@link selectBackend} walks; a backend
 * added to one list and not the other fails to compile here.
 */
const PREFERENCES_MATCH_CHAIN: Same<typeof BACKEND_PREFERENCES, readonly ['auto', ...typeof BACKEND_NAMES]> = true;
void PREFERENCES_MATCH_CHAIN;

/** One backend tried: whether it became active and, in words, why (not). */
export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  reason: string;
}

/** Outcome of {@link selectBackend}: the tfjs backend now active and every attempt in order. */
export interface BackendReport {
  /** `tf.getBackend()` afterwards: 'tensorflow', 'wasm' or 'cpu'. */
  active: string;
  /** The preference that was followed (after the environment override). */
  requested: BackendPreference;
  /** Where `requested` came from. */
  source: 'argument' | 'env';
  attempts: BackendAttempt[];
}

const NATIVE_PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;
type NativeName = keyof typeof NATIVE_PACKAGES;

const NOT_INSTALLED: Record<NativeName, string> = {
  'tensorflow-gpu':
    '@tensorflow/tfjs-node-gpu is not installed (optional dependency; its install needs internet and CUDA 11.2 + cuDNN 8.1)',
  tensorflow:
    '@tensorflow/tfjs-node is not installed (optional dependency; its install downloads libtensorflow from storage.googleapis.com, so it needs internet or a TFJS_NODE_CDN_STORAGE mirror)',
};

/** Which native package this process has loaded; both bind libtensorflow, so only one may ever load. */
let nativeLoaded: NativeName | null = null;
let wasmDir: string | null = null;
let wasmPathsApplied = false;

/**
 * Sets the folder holding `tfjs-backend-wasm*.wasm` (absolute path), for a packaged app
 * that ships them outside node_modules. Must be called before the wasm backend first
 * initializes; later calls have no effect on this process.
 */
export function setWasmDir(dir: string): void {
  wasmDir = dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}/`;
}

/** Resolves an installed package's entry file, or null when it is not installed. */
function resolvePackage(name: string): string | null | 'unknown' {
  let req: NodeJS.Require;
  try {
    req = createRequire(import.meta.url);
  } catch {
    return 'unknown';
  }
  try {
    return req.resolve(name);
  } catch {
    return null;
  }
}

/** The wasm package's dist folder in node_modules, where its .wasm binaries sit. */
function defaultWasmDir(): string | null {
  const entry = resolvePackage('@tensorflow/tfjs-backend-wasm');
  if (entry === null || entry === 'unknown') return null;
  return entry.slice(0, Math.max(entry.lastIndexOf('/'), entry.lastIndexOf('\\')) + 1);
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0] ?? e.message;
  if (typeof e === 'object' && e !== null && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

function isNotFound(e: unknown, pkg: string): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  const msg = messageOf(e);
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && msg.includes(pkg);
}

/** The first specific line among captured warnings (emscripten repeats itself and appends stacks). */
function firstCause(warnings: string[]): string | null {
  const lines = warnings
    .flatMap((w) => w.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('Initialization of backend'));
  const line = lines[0];
  if (line === undefined) return null;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * `tf.setBackend` can resolve false, or resolve true and still leave another backend
 * active; it reports init failures only through console.warn. Capture those warnings
 * so the reason can quote them, then check `tf.getBackend()`.
 */
async function setAndVerify(name: string): Promise<{ ok: boolean; reason: string }> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(messageOf).join(' '));
  };
  let result: boolean;
  try {
    result = await tf.setBackend(name);
    await tf.ready();
  } catch (e) {
    return { ok: false, reason: `failed to initialize: ${messageOf(e)}` };
  } finally {
    console.warn = warn;
  }
  const active = tf.getBackend();
  if (result && active === name) return { ok: true, reason: '' };
  const first = firstCause(warnings);
  const detail = first === null ? '' : `: ${first}`;
  if (!result) return { ok: false, reason: `failed to initialize (tf.setBackend('${name}') returned false)${detail}` };
  return { ok: false, reason: `tf.setBackend('${name}') resolved but the active backend is '${active}'${detail}` };
}

async function tryNative(name: NativeName): Promise<BackendAttempt> {
  const pkg = NATIVE_PACKAGES[name];
  if (nativeLoaded !== null && nativeLoaded !== name) {
    return {
      name,
      ok: false,
      reason: `skipped: ${NATIVE_PACKAGES[nativeLoaded]} is already loaded and owns the 'tensorflow' backend; two native TensorFlow bindings must not share a process`,
    };
  }
  if (nativeLoaded === null) {
    if (resolvePackage(pkg) === null) return { name, ok: false, reason: NOT_INSTALLED[name] };
    try {
      // A variable specifier keeps bundlers from trying to inline an optional native module.
      const specifier: string = pkg;
      await import(specifier);
    } catch (e) {
      if (isNotFound(e, pkg)) return { name, ok: false, reason: NOT_INSTALLED[name] };
      // A throw here is almost always dlopen of libtensorflow/CUDA failing, before any
      // native code stayed loaded, so trying the other package afterwards is safe.
      return { name, ok: false, reason: `failed to load: ${messageOf(e)}` };
    }
    nativeLoaded = name;
  }
  const set = await setAndVerify('tensorflow');
  if (!set.ok) return { name, ok: false, reason: set.reason };
  const note =
    name === 'tensorflow-gpu'
      ? `active: libtensorflow via ${pkg} (uses the GPU when CUDA 11.2 + cuDNN 8.1 are found at run time)`
      : `active: libtensorflow on the CPU via ${pkg}`;
  return { name, ok: true, reason: note };
}

async function tryWasm(): Promise<BackendAttempt> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    return { name: 'wasm', ok: false, reason: `failed to load: ${messageOf(e)}` };
  }
  if (!wasmPathsApplied) {
    wasmPathsApplied = true;
    const dir = wasmDir ?? defaultWasmDir();
    // Without a prefix the package looks next to its own .js file, which is right in
    // node_modules but wrong once the app is bundled.
    try {
      if (dir !== null) wasm.setWasmPaths(dir);
    } catch (e) {
      return { name: 'wasm', ok: false, reason: `could not set the .wasm folder: ${messageOf(e)}` };
    }
  }
  // The dense kernels are the primary matmul path; they wrap whatever BatchMatMul is
  // registered when they are applied and delegate to it for what they do not handle
  // (or for everything, when their module cannot load). So the transposed-matmul fix
  // goes in first, underneath them, as that fallback.
  const fixed = applyWasmMatMulFix();
  applyWasmDenseKernels();
  const set = await setAndVerify('wasm');
  if (!set.ok) return { name: 'wasm', ok: false, reason: set.reason };
  // Now that the backend (and its memory) exists, instantiate the kernels on it.
  const dense = applyWasmDenseKernels() && isWasmDenseKernelsApplied();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasm.getThreadsCount();
  const fixNote = fixed && isWasmMatMulFixApplied() ? 'transposed-matmul fix applied' : 'transposed-matmul fix NOT applied';
  const kernelNote = dense
    ? `dense kernels: Gradient Lab wasm GEMM (SIMD); ${fixNote} as fallback`
    : `dense kernels NOT loaded (${wasmDenseKernelsError() ?? 'wasm BatchMatMul kernel not registered'}); ${fixNote}`;
  return {
    name: 'wasm',
    ok: true,
    // tfjs-wasm's own thread count (1 in Node); the cores come from data-parallel replicas (parallel/).
    reason: `active: WebAssembly (SIMD ${simd ? 'on' : 'off'}, ${threads} tfjs-wasm thread${threads === 1 ? '' : 's'}, more cores through data-parallel workers; ${kernelNote})`,
  };
}

async function tryCpu(): Promise<BackendAttempt> {
  const set = await setAndVerify('cpu');
  if (!set.ok) return { name: 'cpu', ok: false, reason: set.reason };
  // The cpu backend greets Node users with an install-tfjs-node banner on first use;
  // the report already explains why no native backend is active.
  const backend = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (backend !== null) backend.firstUse = false;
  return { name: 'cpu', ok: true, reason: 'active: plain JavaScript (slowest; always available)' };
}

function tryBackend(name: BackendName): Promise<BackendAttempt> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return tryNative(name);
    case 'wasm':
      return tryWasm();
    case 'cpu':
      return tryCpu();
  }
}

function readEnvPreference(): BackendPreference | null {
  const raw = typeof process === 'undefined' ? undefined : process.env[BACKEND_ENV_VAR];
  if (raw === undefined || raw.trim() === '') return null;
  const value = raw.trim();
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(value)) {
    throw new Error(`${BACKEND_ENV_VAR} must be one of ${BACKEND_PREFERENCES.join(', ')}. Received: ${BACKEND_ENV_VAR}=${raw}`);
  }
  return value as BackendPreference;
}

/**
 * Activates the first backend that works, starting at `pref` (`auto` = tensorflow-gpu →
 * tensorflow → wasm → cpu; a named backend falls back along the same chain). The
 * GRADIENT_LAB_BACKEND environment variable replaces `auto`; an explicit choice
 * (a `--backend` flag, the UI's setting) wins over it.
 */
export async function selectBackend(pref: BackendPreference = 'auto'): Promise<BackendReport> {
  const envPref = readEnvPreference();
  const fromEnv = pref === 'auto' ? envPref : null;
  const requested = fromEnv ?? pref;
  const start = requested === 'auto' ? 0 : BACKEND_NAMES.indexOf(requested);
  const attempts: BackendAttempt[] = [];
  for (const name of BACKEND_NAMES.slice(start)) {
    const attempt = await tryBackend(name);
    attempts.push(attempt);
    if (attempt.ok) break;
  }
  return { active: tf.getBackend(), requested, source: fromEnv === null ? 'argument' : 'env', attempts };
}
