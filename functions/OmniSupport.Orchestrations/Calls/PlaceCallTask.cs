using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Sla;

namespace OmniSupport.Orchestrations.Calls;

/// <summary>
/// The <c>callbacks</c> queue's use case: places a call task's call through Twilio Voice when it is
/// configured (<c>POST /2010-04-01/Accounts/{AccountSid}/Calls.json</c>, form fields To, From, Url,
/// StatusCallback, Basic auth AccountSid:AuthToken; the response's <c>sid</c> is the call id Twilio's
/// status callbacks name as CallSid — twilio.com/docs/voice/api/call-resource#create-a-call-resource).
/// Without Twilio the task stays open in <c>GET /api/callbacks</c> for an agent to dial.
/// </summary>
public sealed class PlaceCallTask(
    ICallTaskStore tasks,
    IHttpClientFactory http,
    IOptions<SlaOptions> options,
    TimeProvider clock,
    ILogger<PlaceCallTask> log)
{
    public const string HttpClientName = "twilio-voice";

    public async Task HandleAsync(string callTaskId, CancellationToken ct)
    {
        var task = await tasks.GetAsync(callTaskId.Trim(), ct);
        if (task is null || task.Status != CallTaskStatus.Open)
        {
            return;
        }

        var voice = options.Value.Voice;
        if (!voice.Configured || task.Phone is null)
        {
            log.LogInformation("Call task {CallTaskId} waits for an agent ({Reason})", task.Id, voice.Configured ? "no phone number" : "Twilio Voice not configured");
            return;
        }

        if (!await tasks.TryClaimForDialingAsync(task.Id, ct))
        {
            return; // another delivery of this message is dialing it
        }

        try
        {
            await DialAsync(task, voice, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            task.Status = CallTaskStatus.Open; // give the task back: the message is retried (then poison, and the task stays listed)
            await tasks.UpdateAsync(task, ct);
            throw;
        }
    }

    private async Task DialAsync(CallTask task, VoiceOptions voice, CancellationToken ct)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", task.Phone!),
            new("From", voice.From!),
        };
        form.Add(string.IsNullOrWhiteSpace(voice.TwimlUrl)
            ? new("Twiml", "<Response><Say>Hello, this is customer support returning your message. Please hold while we connect you.</Say></Response>")
            : new("Url", voice.TwimlUrl));
        if (!string.IsNullOrWhiteSpace(voice.StatusCallbackUrl))
        {
            form.Add(new("StatusCallback", voice.StatusCallbackUrl));
            form.Add(new("StatusCallbackMethod", "POST"));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{voice.ApiBaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(voice.AccountSid!)}/Calls.json")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{voice.AccountSid}:{voice.AuthToken}")));
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Twilio refused the call for task {task.Id}: HTTP {(int)response.StatusCode}.");
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        task.CallSid = body.RootElement.TryGetProperty("sid", out var sid) ? sid.GetString() : null;
        task.Status = CallTaskStatus.Placed;
        task.PlacedAt = clock.GetUtcNow();
        await tasks.UpdateAsync(task, ct);
        log.LogInformation("Call task {CallTaskId} placed as {CallSid}", task.Id, task.CallSid);
    }
}
