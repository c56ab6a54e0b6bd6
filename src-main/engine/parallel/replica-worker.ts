/**
 * Entry of a data-parallel replica thread. A run on the fused dense-stack step gets a
 * lean replica (the dense kernels on a memory of its own, no tfjs: ~110 MB less per
 * thread); any other run gets a full tfjs replica. The choice is made before either is
 * loaded, so a lean replica never pays for tfjs.
 */
import { workerData } from 'node:worker_threads';
import type { ReplicaInit } from './replica-protocol.js';

if ((workerData as ReplicaInit).lean) await import('./lean-replica.js');
else await import('./tfjs-replica.js');
