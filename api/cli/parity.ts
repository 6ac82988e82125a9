import { main } from './parity/main';

// Provider-facing command: replays a request catalogue against two deployments and compares the
// answers (see `npm run parity -- --help`, and api/cli/parity/catalogue.yaml for the format).
//   npm run parity -- --a https://old.example --b https://sandbox.example --tokens tokens.yaml

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
