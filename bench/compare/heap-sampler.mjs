// Preloaded (`--import`) into this server by `npm run bench:compare -- --heap-prof`: V8's sampling heap
// profiler, driven by SIGUSR2 (first: start, second: stop and write HEAP_SAMPLE_FILE). Node's own
// `--heap-prof` keeps only the samples still alive when it stops, which for a request's garbage is almost
// nothing; here the samples of objects the young and old collectors freed are kept, so the profile says
// where a request's bytes are allocated, live or not. Plain JavaScript: it loads before tsx.
import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";

const file = process.env.HEAP_SAMPLE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  let sampling = false;
  process.on("SIGUSR2", () => {
    if (!sampling) {
      sampling = true;
      const options = { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
      session.post("HeapProfiler.startSampling", options, (error) => {
        process.stdout.write(error ? `heap-sampler: ${error.message}\n` : "heap-sampler: started\n");
      });
      return;
    }
    sampling = false;
    session.post("HeapProfiler.stopSampling", (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
      process.stdout.write(error ? `heap-sampler: ${error.message}\n` : "heap-sampler: written\n");
    });
  });
}
