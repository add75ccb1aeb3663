/**
 * Entry point that VS Code's extension host calls with the test payload: runs the mocha suites
 * (TDD interface) and resolves or rejects according to the result.
 */
import Mocha from 'mocha';
import { SUITE_BEGIN, SUITE_END } from './markers';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  // Install suite()/test() globals, then load the suites (bundled into this file, evaluated lazily)
  // in order: disposal comes last because it shuts the extension's services down.
  mocha.suite.emit('pre-require', globalThis, 'suite', mocha);
  await import('./activation.test');
  await import('./diagnostics.test');
  await import('./fit.test');
  await import('./dispose.test');
  console.log(SUITE_BEGIN);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  console.log(SUITE_END);
  if (failures > 0) throw new Error(`${failures} extension test(s) failed`);
}
