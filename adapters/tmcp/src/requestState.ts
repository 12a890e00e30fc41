// Integrity protection for tmcp's multi-round-trip `requestState` (protocol revision 2026-07-28).
// tmcp serialises the state as plain JSON unless the server configures `requestStateCodec`, and a client could then
// edit it unnoticed; the spec asks the server to detect tampering, so the state travels as base64url(JSON).HMAC.
// A decode that throws makes tmcp answer -32602 before any handler runs.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A per-process key is enough: one process serves every round (one HTTP server, or one stdio connection).
const KEY = randomBytes(32);

const sign = (payload: string) => createHmac('sha256', KEY).update(payload).digest('base64url');

export const requestStateCodec = {
    encode(state: unknown): string {
        const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
        return `${payload}.${sign(payload)}`;
    },
    decode(encoded: string): unknown {
        const [payload, mac, ...rest] = encoded.split('.');
        if (payload === undefined || mac === undefined || rest.length > 0) throw new Error('malformed requestState');
        const expected = Buffer.from(sign(payload));
        const given = Buffer.from(mac);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new Error('requestState was modified');
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    }
};
