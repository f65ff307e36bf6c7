using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Appointments;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Core.Tests;

/// <summary>A patient's answer to an appointment reminder, by SMS or by email.</summary>
public sealed class TakeAppointmentReplyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly Mock<IAppointmentStore> _store = new();
    private readonly List<ReminderSignalMessage> _signals = [];
    private readonly Customer _rosa = new() { Id = "cus_rosa", CreatedAt = T0 };
    private readonly TakeAppointmentReply _take;

    public TakeAppointmentReplyTests()
    {
        var signals = new Mock<IReminderSignalQueue>();
        signals.Setup(s => s.EnqueueAsync(It.IsAny<ReminderSignalMessage>(), It.IsAny<CancellationToken>()))
            .Callback((ReminderSignalMessage m, CancellationToken _) => _signals.Add(m)).Returns(Task.CompletedTask);
        _take = new TakeAppointmentReply(_store.Object, Mock.Of<ITimelineStore>(), signals.Object,
            Options.Create(new HospitalOptions { Enabled = true }), NullLogger<TakeAppointmentReply>.Instance);
        Seed("apt_1", "cus_rosa");
        Seed("apt_2", "cus_rosa");
        _store.Setup(s => s.GetAwaitingReplyAsync("cus_rosa", It.IsAny<CancellationToken>())).ReturnsAsync("apt_2");
    }

    private void Seed(string id, string customerId) =>
        _store.Setup(s => s.GetAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(new Appointment
        {
            Id = id, Ehr = "ehr", FhirId = id, PatientFhirId = "p", CustomerId = customerId, Start = T0.AddDays(2), Status = ReminderStatuses.Sent,
        });

    private static InboundMessage Email(string text, string? replyToken = null) => new()
    {
        Source = "sendgrid", ProviderMessageId = Guid.NewGuid().ToString("N"), Channel = "email", SentAt = T0,
        Subject = "Re: Appointment reminder", Text = text, ConversationHint = replyToken,
    };

    [Theory]
    [InlineData("C\n\n> Reply C to confirm or X to cancel", ReminderSignalKinds.Confirmed)]
    [InlineData("x", ReminderSignalKinds.Cancelled)]
    [InlineData("Sorry, I have to cancel.", ReminderSignalKinds.Cancelled)]
    public async Task A_reply_to_an_emailed_reminder_answers_that_reminder(string text, string kind)
    {
        var taken = await _take.ClaimAsync(_rosa, Email(text, ReminderReplyText.ReplyToken("apt_1")), CancellationToken.None);

        Assert.True(taken);
        var signal = Assert.Single(_signals);
        Assert.Equal((kind, "apt_1", "email"), (signal.Kind, signal.AppointmentId, signal.Channel));
    }

    [Fact]
    public async Task An_email_that_is_no_reply_to_a_reminder_cancels_only_with_a_keyword_and_never_confirms()
    {
        Assert.False(await _take.ClaimAsync(_rosa, Email("C"), CancellationToken.None));
        Assert.True(await _take.ClaimAsync(_rosa, Email("Please cancel my appointment, I am travelling."), CancellationToken.None));

        var signal = Assert.Single(_signals);
        Assert.Equal((ReminderSignalKinds.Cancelled, "apt_2"), (signal.Kind, signal.AppointmentId));
    }

    [Fact]
    public async Task A_reply_to_someone_elses_reminder_or_one_that_neither_confirms_nor_cancels_is_an_ordinary_message()
    {
        Seed("apt_3", "cus_other");

        Assert.False(await _take.ClaimAsync(_rosa, Email("x", ReminderReplyText.ReplyToken("apt_3")), CancellationToken.None));
        Assert.False(await _take.ClaimAsync(_rosa, Email("Yes, I will be there. Is parking free?", ReminderReplyText.ReplyToken("apt_1")), CancellationToken.None));
        Assert.Empty(_signals);
    }
}
