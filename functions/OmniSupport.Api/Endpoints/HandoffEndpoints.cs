using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Handoffs;

namespace OmniSupport.Api.Endpoints;

public sealed record HandoffContextRequest(
    string? Platform,
    string? SessionId,
    string? Intent,
    double? Confidence,
    Dictionary<string, string>? Slots,
    List<string>? StepsAttempted,
    List<string>? Transcript,
    string? TranscriptReference);

public sealed record HandoffRequest(HandoffContextRequest? Context, HandoffCustomer? Customer, string? Channel, string? Text, string? MessageId, DateTimeOffset? SentAt);

/// <summary><c>POST /api/handoffs</c>: a bot (or its middleware) hands a customer over with a structured context.</summary>
public sealed class HandoffEndpoints(ApiPipeline pipeline, AcceptHandoff accept)
{
    public Task<IResult> CreateAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async principal =>
        {
            var body = await JsonBody.ReadAsync<HandoffRequest>(request, ct);
            if (body?.Context is null || string.IsNullOrWhiteSpace(body.Context.Platform) || body.Customer is null || string.IsNullOrWhiteSpace(body.Channel))
            {
                return Problems.Create(400, "Malformed handoff", "Send { context: { platform, sessionId, intent, slots, stepsAttempted… }, customer: { email|phone|account… }, channel }.");
            }

            var c = body.Context;
            var context = new HandoffContext
            {
                Platform = c.Platform!,
                SessionId = c.SessionId,
                Intent = c.Intent,
                Confidence = c.Confidence,
                Slots = c.Slots ?? [],
                StepsAttempted = c.StepsAttempted ?? [],
                Transcript = c.Transcript ?? [],
                TranscriptReference = c.TranscriptReference,
            };
            var accepted = await accept.AcceptAsync(new HandoffSubmission(context, body.Customer, body.Channel!, body.Text, body.MessageId, body.SentAt), principal.Actor, ct);
            principal.Touches(accepted.CustomerId);
            return Results.Json(accepted, statusCode: accepted.Opened ? 201 : 200);
        });
}
