/**
 * A number exactly as the client wrote it in JSON. The REST door parses bodies losslessly (http/json-body.ts) so
 * that `1999999.99999999999` is refused for its precision instead of being silently rounded by a float.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}
