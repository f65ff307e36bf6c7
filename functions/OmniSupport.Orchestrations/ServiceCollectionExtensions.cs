using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Abstractions;
using OmniSupport.Orchestrations.Activities;
using OmniSupport.Orchestrations.Calls;
using OmniSupport.Orchestrations.Policies;
using OmniSupport.Orchestrations.Signals;

namespace OmniSupport.Orchestrations;

public static class ServiceCollectionExtensions
{
    /// <summary>The SLA engine's policies, sink, signal and callback use cases, and activities (the hosts add the Durable runtime).</summary>
    public static IServiceCollection AddOmniSupportSla(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlaOptions>().Bind(configuration.GetSection(SlaOptions.SectionName))
            .PostConfigure(o => o.ConversationLinkBase ??= configuration["Api:PublicBaseUrl"])
            .Validate(_ => !LegacyVoiceSettingsPresent(configuration), LegacyVoiceSettingsMessage)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlaOptions>, SlaOptionsValidator>();
        services.AddSingleton<IValidateOptions<OmniSupport.Core.Routing.RoutingOptions>, RoutingPolicyNames>();
        services.AddOptions<OmniSupport.Core.Routing.RoutingOptions>().ValidateOnStart();
        services.AddSingleton<SlaPolicyProvider>();
        services.AddSingleton<IConversationActivitySink, SlaActivitySink>();
        services.AddSingleton<ApplySlaSignal>();
        services.AddSingleton<PlaceCallTask>();

        // Routing's callback tasks go to the same store and dialer as the SLA's call tasks (registered after Storage's, so this one wins).
        services.AddSingleton<OmniSupport.Core.Routing.ICallbackTaskStore, OmniSupport.Core.Sla.CallTaskCallbackStore>();
        services.AddSingleton<CustomerContacts>();
        services.AddSingleton<SlaStatusWriter>();
        services.AddSingleton<SlaStepLog>();
        services.AddSingleton<ConversationGuard>();
        services.AddHttpClient(NotifySupervisor.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<SlaOrchestrator>();
        foreach (var activity in SlaTasks.Activities)
        {
            services.AddSingleton(activity);
        }

        services.AddOmniSupportHospital(configuration);
        return services;
    }

    /// <summary>
    /// Deprecated <c>Sla:Voice:*</c> (a second set of Twilio credentials before the dialer moved to Channels/Twilio):
    /// a start that still sets one fails with where each value goes now, rather than silently no longer dialing.
    /// </summary>
    public const string LegacyVoiceSettingsMessage =
        "Sla:Voice:* is no longer read: call tasks dial through the Twilio account of Channels:Twilio. Move Sla:Voice:AccountSid and AuthToken " +
        "to Channels:Twilio:AccountSid and AuthToken (if they differ from what is there), Sla:Voice:From to Channels:Twilio:Voice:FromNumber, " +
        "TwimlUrl and StatusCallbackUrl to Channels:Twilio:Voice:TwimlUrl and StatusCallbackUrl (ApiBaseUrl: Channels:Twilio:ApiBaseUrl), then remove Sla:Voice.";

    private static bool LegacyVoiceSettingsPresent(IConfiguration configuration) =>
        configuration.GetSection("Sla:Voice").AsEnumerable().Any(kv => !string.IsNullOrEmpty(kv.Value));

    /// <summary>The hospital scenario: options, import, reply claim, staff view, reminder orchestration and its activities.</summary>
    public static IServiceCollection AddOmniSupportHospital(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OmniSupport.Core.Appointments.HospitalOptions>().Bind(configuration.GetSection(OmniSupport.Core.Appointments.HospitalOptions.SectionName))
            .Validate(o => o.LookAheadDays is >= 1 and <= 31, "Hospital:LookAheadDays must be 1-31.")
            .Validate(o => o.Reminders.ReplyWindow > TimeSpan.Zero && o.Reminders.LeadTime > TimeSpan.Zero, "Hospital:Reminders:LeadTime and ReplyWindow must be positive.")
            .Validate(o => o.Reminders.CallAttempts is >= 1 and <= 10, "Hospital:Reminders:CallAttempts must be 1-10.")
            .Validate(o => o.ImportInterval >= TimeSpan.FromSeconds(1), "Hospital:ImportInterval must be at least one second.")
            .ValidateOnStart();
        services.AddSingleton<OmniSupport.Core.Appointments.ImportAppointments>();
        services.AddSingleton<OmniSupport.Core.Appointments.GetAppointmentDay>();
        services.AddSingleton<OmniSupport.Core.Appointments.GetAppointmentHistory>();
        services.AddSingleton<OmniSupport.Core.Appointments.TakeAppointmentReply>();
        services.AddSingleton<OmniSupport.Core.Ingest.IInboundItemHandler, OmniSupport.Core.Appointments.RefreshAppointment>();
        services.AddSingleton<OmniSupport.Core.Ingest.IInboundMessageClaim>(sp => sp.GetRequiredService<OmniSupport.Core.Appointments.TakeAppointmentReply>());
        services.AddSingleton<OmniSupport.Core.Sla.ICallTaskClosedSink, Reminders.ReminderCallTaskClosed>();
        services.AddSingleton<Reminders.ApplyReminderSignal>();
        services.AddSingleton<Reminders.ReminderRecorder>();
        services.AddSingleton<Reminders.ReminderOrchestrator>();
        foreach (var activity in Reminders.ReminderTasks.Activities)
        {
            services.AddSingleton(activity);
        }

        return services;
    }
}
