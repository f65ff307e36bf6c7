using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace OmniSupport.Bench;

public sealed record StorageResult(double OperationsPerSecond, double MessagesPerSecond);

/// <summary>
/// The same storage operations one inbound message costs, issued raw at the same concurrency against
/// the same Azurite, with no hub in between: the ceiling the hub's processed/s is compared with.
/// </summary>
public static class StorageBaseline
{
    // enqueue, receive, delete; dedupe read, identity read, profile read, open-pointer read,
    // conversation read, conversation update, timeline insert, message index upsert, dedupe insert.
    public const int OperationsPerMessage = 12;

    public static async Task<StorageResult> RunAsync(BenchOptions o)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..6];
        // One table per kind of row, as the hub keeps them (Azurite answers faster on smaller tables).
        var tables = new TableServiceClient(o.Storage);
        var inbox = tables.GetTableClient(prefix + "Inbox");
        var identities = tables.GetTableClient(prefix + "Identities");
        var customers = tables.GetTableClient(prefix + "Customers");
        var conversations = tables.GetTableClient(prefix + "Conversations");
        var timeline = tables.GetTableClient(prefix + "Timeline");
        var index = tables.GetTableClient(prefix + "MessageIndex");
        TableClient[] all = [inbox, identities, customers, conversations, timeline, index];
        foreach (var t in all)
        {
            await t.CreateIfNotExistsAsync();
        }
        var queue = new QueueClient(o.Storage, prefix + "queue", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();

        var count = Math.Min(o.Count, 2000);
        for (var k = 0; k < o.Customers; k++)
        {
            await conversations.UpsertEntityAsync(new TableEntity("c" + k, "conversation") { ["Data"] = new string('x', 600) });
        }

        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var pk = "m" + i;
                await queue.SendMessageAsync("{\"envelope\":{\"id\":\"" + pk + "\"}}");
                var received = (await queue.ReceiveMessagesAsync(1)).Value;
                foreach (var m in received)
                {
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                }

                await inbox.GetEntityIfExistsAsync<TableEntity>(pk, "seen");
                await identities.GetEntityIfExistsAsync<TableEntity>("c" + (i % o.Customers), "id");
                await customers.GetEntityIfExistsAsync<TableEntity>("c" + (i % o.Customers), "profile");
                await customers.GetEntityIfExistsAsync<TableEntity>("c" + (i % o.Customers), "open");
                var read = await conversations.GetEntityAsync<TableEntity>("c" + (i % o.Customers), "conversation");
                await conversations.UpdateEntityAsync(read.Value, ETag.All);
                await timeline.AddEntityAsync(new TableEntity(pk, "timeline") { ["Data"] = new string('x', 600) });
                await index.UpsertEntityAsync(new TableEntity(pk, "index") { ["ConversationId"] = pk });
                await inbox.AddEntityAsync(new TableEntity(pk, "seen"));
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var t in all)
        {
            await t.DeleteAsync();
        }

        await queue.DeleteIfExistsAsync();
        return new StorageResult(count * OperationsPerMessage / seconds, count / seconds);
    }
}
