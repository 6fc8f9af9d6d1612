/// <reference lib="deno.worker" />
// Loads the native backend inside a worker and reports its OpenBLAS thread count.
import { linalgThreads } from "../../lib/linalg/backend.ts";

self.postMessage(linalgThreads());
