// `npm run fake-echotrail [-- --port N]`: runs the local EchoTrail-compatible server until Ctrl-C.
import { startFakeEchoTrail } from './server.mjs';

const portArg = process.argv.indexOf('--port');
const server = await startFakeEchoTrail({
  port: portArg > 0 ? Number(process.argv[portArg + 1]) : 0,
});
console.log(`Local EchoTrail-compatible server: ${server.url}`);
console.log(`Test API key: ${server.apiKey}`);
console.log(
  `Inject a fault: curl -d '{"query":"svchost.exe","status":429,"retryAfter":30}' ${server.url}/__control/fault`,
);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
