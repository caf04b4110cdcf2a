import { once } from "node:events";
import { InProcessStream } from "../../src/db/in-process-stream";

/** The in-memory connection between the embedded database's wire server and its own process's pg clients. */
describe("InProcessStream", () => {
  it("carries what one end writes to the other, in order, both ways", async () => {
    const [client, server] = InProcessStream.pair();
    const atServer: string[] = [];
    const atClient: string[] = [];
    server.on("data", (chunk: Buffer) => atServer.push(chunk.toString()));
    client.on("data", (chunk: Buffer) => atClient.push(chunk.toString()));
    client.cork();
    client.write("a");
    client.write("b");
    client.uncork();
    client.write("c");
    server.write("reply");
    await new Promise((resolve) => setImmediate(resolve));
    expect(atServer.join("")).toBe("abc");
    expect(atClient).toEqual(["reply"]);
    client.destroy();
  });

  it("connects at once, as pg expects of the stream it is given", async () => {
    const [client] = InProcessStream.pair();
    client.setNoDelay().setKeepAlive().connect();
    await once(client, "connect");
    client.destroy();
  });

  it("ends the other end when one ends (no half-open connection), and both close", async () => {
    const [client, server] = InProcessStream.pair();
    server.resume();
    client.resume();
    const closed = Promise.all([once(client, "close"), once(server, "close")]);
    const serverEnded = once(server, "end");
    client.end();
    await serverEnded;
    await closed;
    expect([client.destroyed, server.destroyed]).toEqual([true, true]);
  });

  it("closes the other end when one is destroyed, as a socket whose peer vanished", async () => {
    const [client, server] = InProcessStream.pair();
    server.resume();
    const serverClosed = once(server, "close");
    client.destroy();
    await serverClosed;
    expect([server.destroyed, server.writable]).toEqual([true, false]);
  });
});
