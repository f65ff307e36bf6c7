using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Core.Tests;

public sealed class ThreadConversationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly InMemoryConversations _store = new();
    private readonly Customer _ana = new() { Id = "cus_ana", CreatedAt = T0 };

    private static InboundMessage Message(string id, string channel, DateTimeOffset at, string? hint = null, params string[] inReplyTo) => new()
    {
        Source = "test",
        ProviderMessageId = id,
        Channel = channel,
        SentAt = at,
        ConversationHint = hint,
        InReplyTo = inReplyTo,
    };

    private ThreadConversation Thread() => new(_store, NullLogger<ThreadConversation>.Instance);

    [Fact]
    public async Task A_first_message_opens_a_conversation_on_its_channel()
    {
        var result = await Thread().ThreadAsync(_ana, Message("m1", "email", T0), default);

        Assert.True(result.Opened);
        Assert.Equal(["email"], result.Conversation.Channels);
        Assert.Equal(result.Conversation.Id, _store.Open["cus_ana"]);
    }

    [Fact]
    public async Task The_journey_lists_channels_in_the_order_the_customer_wrote_even_when_later_messages_are_processed_first()
    {
        await Thread().ThreadAsync(_ana, Message("m3", "x", T0.AddMinutes(6)), default);
        await Thread().ThreadAsync(_ana, Message("m1", "email", T0), default);
        var result = await Thread().ThreadAsync(_ana, Message("m2", "chat", T0.AddMinutes(3)), default);

        Assert.Equal(["email", "chat", "x"], result.Conversation.Channels);
        Assert.Equal("x", result.Conversation.LastInboundChannel);
    }

    [Fact]
    public async Task A_joining_message_reports_the_customers_previous_message_and_a_redelivery_reports_none()
    {
        await Thread().ThreadAsync(_ana, Message("m1", "email", T0), default);

        var second = await Thread().ThreadAsync(_ana, Message("m2", "sms", T0.AddMinutes(5)), default);
        var again = await Thread().ThreadAsync(_ana, Message("m2", "sms", T0.AddMinutes(5)), default);
        var late = await Thread().ThreadAsync(_ana, Message("m0", "chat", T0.AddMinutes(-1)), default);

        Assert.Equal(new InboundBefore("email", T0), second.Before);
        Assert.Null(again.Before); // its own touch is already on the row: what came before cannot be told
        Assert.Null(late.Before);
    }

    [Fact]
    public async Task A_message_on_another_channel_joins_the_open_conversation_and_extends_the_journey()
    {
        var first = await Thread().ThreadAsync(_ana, Message("m1", "email", T0), default);

        var second = await Thread().ThreadAsync(_ana, Message("m2", "sms", T0.AddMinutes(5)), default);
        var third = await Thread().ThreadAsync(_ana, Message("m3", "email", T0.AddMinutes(9)), default);

        Assert.False(second.Opened);
        Assert.Equal(first.Conversation.Id, third.Conversation.Id);
        Assert.Equal(["email", "sms"], third.Conversation.Channels);
        Assert.Equal("email", third.Conversation.LastInboundChannel);
    }

    [Fact]
    public async Task After_resolution_the_next_message_opens_a_new_conversation()
    {
        var first = await Thread().ThreadAsync(_ana, Message("m1", "chat", T0), default);
        var resolved = _store.Rows[first.Conversation.Id].Conversation;
        resolved.Status = ConversationStatus.Resolved;
        _store.Rows[first.Conversation.Id] = (resolved, 9);

        var next = await Thread().ThreadAsync(_ana, Message("m2", "chat", T0.AddHours(1)), default);

        Assert.True(next.Opened);
        Assert.NotEqual(first.Conversation.Id, next.Conversation.Id);
    }

    [Fact]
    public async Task An_email_reply_threads_by_In_Reply_To_before_the_open_pointer()
    {
        var older = await Thread().ThreadAsync(_ana, Message("m1", "email", T0), default);
        await _store.IndexMessageIdAsync("<m1@mail.example.com>", older.Conversation.Id, default);
        _store.Open.Clear();
        var other = await Thread().ThreadAsync(_ana, Message("m2", "chat", T0.AddMinutes(1)), default);

        var reply = await Thread().ThreadAsync(_ana, Message("m3", "email", T0.AddMinutes(2), null, "<m1@mail.example.com>"), default);

        Assert.NotEqual(older.Conversation.Id, other.Conversation.Id);
        Assert.Equal(older.Conversation.Id, reply.Conversation.Id);
    }

    [Fact]
    public async Task A_reply_token_naming_another_customers_conversation_is_ignored()
    {
        var bo = new Customer { Id = "cus_bo", CreatedAt = T0 };
        var bos = await Thread().ThreadAsync(bo, Message("b1", "email", T0), default);

        var anas = await Thread().ThreadAsync(_ana, Message("a1", "email", T0, hint: bos.Conversation.Id), default);

        Assert.NotEqual(bos.Conversation.Id, anas.Conversation.Id);
        Assert.Equal("cus_ana", anas.Conversation.CustomerId);
    }

    [Fact]
    public async Task A_stale_open_pointer_to_a_resolved_conversation_is_released_and_a_new_one_claimed()
    {
        var store = new Mock<IConversationStore>();
        var resolved = new Conversation { Id = "cnv_old", CustomerId = "cus_ana", OpenedAt = T0, Status = ConversationStatus.Resolved };
        var fresh = new Conversation { Id = "cnv_new", CustomerId = "cus_ana", OpenedAt = T0 };
        store.SetupSequence(s => s.GetOpenIdAsync("cus_ana", It.IsAny<CancellationToken>())).ReturnsAsync("cnv_old").ReturnsAsync((string?)null);
        store.Setup(s => s.ClaimOpenAsync("cus_ana", It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync("cnv_new");
        store.Setup(s => s.GetAsync("cnv_old", It.IsAny<CancellationToken>())).ReturnsAsync(resolved);
        store.Setup(s => s.GetAsync("cnv_new", It.IsAny<CancellationToken>())).ReturnsAsync(fresh);

        var result = await new ThreadConversation(store.Object, NullLogger<ThreadConversation>.Instance)
            .ThreadAsync(_ana, Message("m9", "sms", T0.AddDays(1)), default);

        Assert.Equal("cnv_new", result.Conversation.Id);
        store.Verify(s => s.ReleaseOpenAsync("cus_ana", "cnv_old", It.IsAny<CancellationToken>()), Times.Once);
        store.Verify(s => s.UpdateAsync(It.Is<Conversation>(c => c.Id == "cnv_new" && c.Channels.Contains("sms")), It.IsAny<CancellationToken>()), Times.Once);
    }
}
