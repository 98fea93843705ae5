import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  bindPort,
  checkNode,
  checkPortFree,
  compareVersions,
  findJava,
  minimumOf,
  parseJavaVersion,
  PrerequisiteError,
  requireJava,
} from './prerequisites';
import { rejectionOf } from '../testing/rejection';

let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-prerequisites-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A folder holding a `java` script that prints `output` to stderr (as `java -version` does) and exits with `status`. */
function fakeJava(name: string, output: string, status = 0): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bin', 'java'), `#!/bin/sh\ncat >&2 <<'EOF'\n${output}\nEOF\nexit ${status}\n`, {
    mode: 0o755,
  });
  return dir;
}

describe('parseJavaVersion', () => {
  it.each([
    ['java version "1.8.0_392"\nJava(TM) SE Runtime Environment (build 1.8.0_392-b08)', 8, '1.8.0_392'],
    ['openjdk version "11.0.22" 2024-01-16', 11, '11.0.22'],
    [
      'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)',
      17,
      '17.0.15',
    ],
    ['openjdk version "21" 2023-09-19', 21, '21'],
    ['openjdk version "22-ea" 2024-03-19', 22, '22-ea'],
    ['Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version "17.0.2" 2022-01-18', 17, '17.0.2'],
  ])('reads %j as Java %i', (output, major, version) => {
    expect(parseJavaVersion(output)).toEqual({ major, version });
  });

  it('finds no version in output without one', () => {
    expect(parseJavaVersion('The operation couldn’t be completed. Unable to locate a Java Runtime.')).toBeUndefined();
  });
});

describe('checkNode', () => {
  it('accepts the minimum and anything newer', () => {
    expect(() => checkNode('20.19.0', '>=20.19')).not.toThrow();
    expect(() => checkNode('22.1.0', '>=20.19')).not.toThrow();
  });

  it('refuses an older Node, naming both versions and the fix', () => {
    let error: unknown;
    try {
      checkNode('20.18.3', '>=20.19');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(PrerequisiteError);
    expect((error as PrerequisiteError).code).toBe('NODE_TOO_OLD');
    expect((error as PrerequisiteError).message).toMatch(/Node\.js 20\.19 or later.*this is Node\.js 20\.18\.3/);
    expect((error as PrerequisiteError).message).toMatch(/nvm install/);
  });

  it('reads its minimum from the root package.json by default', () => {
    expect(() => checkNode('16.20.2')).toThrow(/engines\.node ">=\d+/);
  });

  it('compares versions by number, not as text', () => {
    expect(compareVersions('20.9.0', '20.19')).toBe(-1);
    expect(compareVersions('v20.19.0', '20.19')).toBe(0);
    expect(compareVersions('100.0.0', '20.19')).toBe(1);
    expect(minimumOf('>= 20.19')).toBe('20.19');
    expect(() => minimumOf('^20')).toThrow(/>=X.Y.Z/);
  });
});

describe('requireJava', () => {
  it('reports no java on the PATH or in JAVA_HOME, with the install commands', async () => {
    const error = await rejectionOf(
      requireJava({ PATH: path.join(scratch, 'nothing-here'), JAVA_HOME: path.join(scratch, 'no-jdk') }),
      PrerequisiteError,
    );
    expect(error.code).toBe('JAVA_MISSING');
    expect(error.message).toMatch(/no java was found on the PATH or in JAVA_HOME\/bin/);
    expect(error.message).toContain('sudo apt-get install openjdk-17-jre-headless');
    expect(error.message).toContain('brew install openjdk@17');
  });

  it('refuses a Java older than 17 and says which it found', async () => {
    const home = fakeJava('jdk11', 'openjdk version "11.0.22" 2024-01-16');
    const error = await rejectionOf(requireJava({ PATH: path.join(home, 'bin') }), PrerequisiteError);
    expect(error.code).toBe('JAVA_TOO_OLD');
    expect(error.message).toContain(`${path.join(home, 'bin', 'java')} is Java 11 (version "11.0.22")`);
    expect(error.message).toContain('sudo apt-get install openjdk-17-jre-headless');
  });

  it('reads the old 1.x scheme as the Java it is', async () => {
    const home = fakeJava('jdk8', 'java version "1.8.0_392"');
    const error = await rejectionOf(requireJava({ PATH: path.join(home, 'bin') }), PrerequisiteError);
    expect(error.message).toMatch(/is Java 8 \(version "1\.8\.0_392"\)/);
  });

  it('treats a java that prints no version (the macOS stub) as missing', async () => {
    const home = fakeJava('stub', 'The operation couldn’t be completed. Unable to locate a Java Runtime.', 1);
    const error = await rejectionOf(requireJava({ PATH: path.join(home, 'bin') }), PrerequisiteError);
    expect(error.code).toBe('JAVA_MISSING');
    expect(error.message).toMatch(/printed no version \("The operation couldn’t be completed/);
  });

  it('uses JAVA_HOME/bin/java before the PATH', async () => {
    const old = fakeJava('on-path', 'openjdk version "11.0.22" 2024-01-16');
    const current = fakeJava('java-home', 'openjdk version "21.0.3" 2024-04-16');
    const runtime = await requireJava({ PATH: path.join(old, 'bin'), JAVA_HOME: current });
    expect(runtime).toEqual({ executable: path.join(current, 'bin', 'java'), major: 21, version: '21.0.3' });
    expect(findJava({ PATH: path.join(old, 'bin'), JAVA_HOME: path.join(scratch, 'no-jdk') })).toBe(
      path.join(old, 'bin', 'java'),
    );
  });
});

describe('ports', () => {
  let holder: net.Server;
  let heldPort: number;

  beforeEach(async () => {
    holder = net.createServer();
    heldPort = await new Promise<number>((resolve) =>
      holder.listen(0, '127.0.0.1', () => resolve((holder.address() as net.AddressInfo).port)),
    );
  });
  afterEach(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('names the port, what wanted it and the variable that moves it', async () => {
    const error = await rejectionOf(checkPortFree('dynamodb', heldPort), PrerequisiteError);
    expect(error.code).toBe('PORT_IN_USE');
    expect(error.message).toContain(`Port ${heldPort}, wanted by DynamoDB Local, is already in use`);
    expect(error.message).toContain(`DYNAMODB_PORT=${heldPort + 1} yarn start`);
  });

  it('leaves a free port free after checking it', async () => {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    await checkPortFree('dynamodb', heldPort);
    await new Promise<void>((resolve, reject) => {
      holder = net.createServer().once('error', reject);
      holder.listen(heldPort, '127.0.0.1', () => resolve());
    });
  });

  it('maps a bind that fails with EADDRINUSE to the message, and passes other failures through', async () => {
    const listenOnHeld = () =>
      new Promise<void>((resolve, reject) => {
        const server = net.createServer().once('error', reject);
        server.listen(heldPort, '127.0.0.1', () => resolve());
      });
    const error = await rejectionOf(bindPort('http', heldPort, listenOnHeld), PrerequisiteError);
    expect(error.message).toContain(`Port ${heldPort}, wanted by the HTTP gateway, is already in use`);
    expect(error.message).toContain('PORT=');
    const eventBridge = await rejectionOf(bindPort('eventBridge', heldPort, listenOnHeld), PrerequisiteError);
    expect(eventBridge.message).toContain('EVENTBRIDGE_PORT=');
    await expect(bindPort('http', heldPort, () => Promise.reject(new Error('something else')))).rejects.toThrow(
      'something else',
    );
  });
});
