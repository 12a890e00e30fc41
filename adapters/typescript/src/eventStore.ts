// The event store behind Last-Event-ID resumption. The SDK leaves storage to the application (its own
// InMemoryEventStore is an example that orders events by a random suffix within a millisecond, so it can replay
// out of order); this one keeps events in the order they were stored, per stream.
import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export class OrderedEventStore implements EventStore {
    private readonly events: { id: string; streamId: string; message: JSONRPCMessage }[] = [];
    private count = 0;

    async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
        const id = `${streamId}_${++this.count}`;
        this.events.push({ id, streamId, message });
        return id;
    }

    async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
        return this.events.find(e => e.id === eventId)?.streamId;
    }

    async replayEventsAfter(lastEventId: string, { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> }): Promise<string> {
        const at = this.events.findIndex(e => e.id === lastEventId);
        if (at === -1) return '';
        const streamId = this.events[at]!.streamId;
        for (const e of this.events.slice(at + 1)) if (e.streamId === streamId) await send(e.id, e.message);
        return streamId;
    }
}
