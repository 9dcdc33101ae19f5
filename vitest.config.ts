import { defineConfig } from 'vitest/config';

// Three projects: `unit` (pure domain rules), `integration` (API + database; the engine is chosen
// by TEST_DB=pglite|postgres), `e2e` (headless Chromium against a real server).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Property tests run hundreds of cases: on a shared 2-core machine under load, 5 s is too tight.
          testTimeout: 30_000,
          // Two files at once on the 2-core CI machine (Vitest's default there is one): 19.5 s → 12.8 s here.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One migrated PGlite database per run, loaded by every file (see the file).
          globalSetup: ['test/support/pglite-template.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          // The files of a worker share its loaded modules instead of each loading the application
          // again (some 4 s a file, 65 files per engine): integration-pglite went from 583 s to 349 s.
          // Safe because every file builds its own app (buildApp sets the process-wide services from
          // its config: file storage, personal data key, jobs, passwords, imports, QR base address)
          // and a worker runs its files one after another; a test that changes one of them puts it back.
          isolate: false,
          // Two files at once on the 2-core CI machine (Vitest's default there is one): a file spends
          // much of its time waiting on its database, a child process or a worker thread, and every
          // file has its own database (PGlite copy or PostgreSQL database), so none shares state. The
          // whole project passed this way under a load average of 8–10.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Each file's server starts on a copy of one migrated PGlite database, as in integration.
          globalSetup: ['test/support/pglite-template.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // expect.poll waits on the page after an act: Vitest's default of one second is shorter
          // than an act that writes and signs a PDF takes on a loaded 2-core machine (the review's
          // close, with its signed minutes, failed a full run that way); Playwright's own waits are 30 s.
          expect: { poll: { timeout: 20_000 } },
          pool: 'forks',
          // As in integration: a worker's files share its loaded modules (each file starts its own server).
          isolate: false,
          // Two files at once (each its own server on a free port, its own Chromium): the browser
          // tests wait on rendering and the network as much as on the CPU.
          maxWorkers: 2,
        },
      },
    ],
  },
});
