using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Appointments;

/// <summary>What a patient's words mean for their pending reminder.</summary>
public enum ReminderAnswer
{
    None,
    Confirm,
    Cancel,
}

/// <summary>The reminder's reply rules: SMS C / yes / confirm and X / cancel; email cancellation keywords.</summary>
public static class ReminderReplyText
{
    private static readonly HashSet<string> ConfirmWords = new(StringComparer.OrdinalIgnoreCase) { "c", "yes", "y", "confirm", "confirmed", "ok", "si", "sí", "oui", "ja" };
    private static readonly HashSet<string> CancelWords = new(StringComparer.OrdinalIgnoreCase) { "x", "cancel", "cancelled", "canceled", "no", "n" };

    /// <summary>What an emailed reminder's reply-to address names, so a reply to it finds its appointment.</summary>
    public const string ReplyTokenPrefix = "reminder-";

    public static string ReplyToken(string appointmentId) => ReplyTokenPrefix + appointmentId;

    /// <summary>The appointment a reply to an emailed reminder answers (from its reply-to token), or null.</summary>
    public static string? AppointmentOf(string? replyToken) =>
        replyToken is { Length: > 0 } t && t.StartsWith(ReplyTokenPrefix, StringComparison.Ordinal) && t.Length > ReplyTokenPrefix.Length
            ? t[ReplyTokenPrefix.Length..] : null;

    /// <summary>
    /// A reply to an emailed reminder: its first line that is not quoted and not blank, read as an SMS answer
    /// ("C", "yes", "X", "cancel"…); else a cancellation keyword anywhere in its head.
    /// </summary>
    public static ReminderAnswer ParseEmailReply(string? subject, string? body, IEnumerable<string> keywords)
    {
        var first = (body ?? "").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('>'));
        var answer = ParseSms(first);
        return answer != ReminderAnswer.None ? answer
            : EmailCancels(subject, body, keywords) ? ReminderAnswer.Cancel
            : ReminderAnswer.None;
    }

    /// <summary>An SMS answer: the whole message is one of the words (trimmed, any case, trailing punctuation ignored).</summary>
    public static ReminderAnswer ParseSms(string? text)
    {
        var word = (text ?? "").Trim().TrimEnd('.', '!', ' ').Trim();
        return ConfirmWords.Contains(word) ? ReminderAnswer.Confirm
            : CancelWords.Contains(word) ? ReminderAnswer.Cancel
            : ReminderAnswer.None;
    }

    /// <summary>True when the subject or the first lines of an email hold one of the cancellation keywords as whole words.</summary>
    public static bool EmailCancels(string? subject, string? body, IEnumerable<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        var head = string.Join('\n', (body ?? "").Split('\n').Where(l => !l.TrimStart().StartsWith('>')).Take(8));
        var text = " " + Fold(subject + "\n" + head) + " ";
        return keywords.Select(Fold).Where(k => k.Length > 0).Any(k => text.Contains(" " + k + " ", StringComparison.Ordinal));
    }

    /// <summary>Lower case, accents off, every run of non-letters one space.</summary>
    private static string Fold(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }

        return sb.ToString().Trim();
    }
}

/// <summary>
/// Takes a patient's answer to their appointment reminder, as a survey answer is taken: an SMS C/X (or
/// yes/confirm, any case), a reply to an emailed reminder that confirms or cancels, or any email the
/// cancellation keywords recognise goes on the timeline as the reminder's reply and to the reminder orchestration,
/// and opens no conversation. Anything else the patient writes is left to threading.
/// </summary>
public sealed class TakeAppointmentReply(
    IAppointmentStore store,
    ITimelineStore timeline,
    IReminderSignalQueue signals,
    IOptions<HospitalOptions> options,
    ILogger<TakeAppointmentReply> log) : IInboundMessageClaim
{
    public async Task<bool> ClaimAsync(Customer customer, InboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(message);
        if (!options.Value.Enabled || message.Channel is not ("sms" or "email" or "whatsapp"))
        {
            return false;
        }

        // An email that answers an emailed reminder (its reply-to token names the appointment) may confirm or
        // cancel; any other email cancels the patient's pending reminder only with a cancellation keyword.
        var keywords = options.Value.CancellationKeywords.Values.SelectMany(v => v);
        var threaded = message.Channel == "email" ? ReminderReplyText.AppointmentOf(message.ConversationHint) : null;
        var answer = threaded is not null ? ReminderReplyText.ParseEmailReply(message.Subject, message.Text, keywords)
            : message.Channel == "email" ? (ReminderReplyText.EmailCancels(message.Subject, message.Text, keywords) ? ReminderAnswer.Cancel : ReminderAnswer.None)
            : ReminderReplyText.ParseSms(message.Text);
        if (answer == ReminderAnswer.None)
        {
            return false;
        }

        var appointmentId = threaded ?? await store.GetAwaitingReplyAsync(customer.Id, ct);
        var appointment = appointmentId is null ? null : await store.GetAsync(appointmentId, ct);
        if (appointment is null || appointment.CustomerId != customer.Id || ReminderStatuses.IsFinal(appointment.Status) || message.SentAt > appointment.Start)
        {
            return false;
        }

        await timeline.AppendAsync(ReceivedEvent.Of(message, StableId.From("evt", message.Source, message.ProviderMessageId), customer.Id, conversationId: null,
            new Dictionary<string, string>
            {
                ["kind"] = "appointment-reply",
                ["appointmentId"] = appointment.Id,
                ["answer"] = answer == ReminderAnswer.Confirm ? "confirm" : "cancel",
            }), ct);
        await signals.EnqueueAsync(new ReminderSignalMessage
        {
            Kind = answer == ReminderAnswer.Confirm ? ReminderSignalKinds.Confirmed : ReminderSignalKinds.Cancelled,
            AppointmentId = appointment.Id,
            At = message.SentAt,
            Channel = message.Channel,
        }, ct);
        log.LogInformation("Reminder reply ({Answer}) on {Channel} taken by appointment {AppointmentId}", answer, message.Channel, appointment.Id);
        return true;
    }
}
