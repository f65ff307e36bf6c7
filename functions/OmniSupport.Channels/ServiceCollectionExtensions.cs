using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Channels.Acs;
using OmniSupport.Channels.Bots;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Generic;
using OmniSupport.Channels.Intercom;
using OmniSupport.Channels.Meta;
using OmniSupport.Channels.Outbound;
using OmniSupport.Channels.SendGrid;
using OmniSupport.Channels.Twilio;
using OmniSupport.Channels.X;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels;

public static class ServiceCollectionExtensions
{
    /// <summary>Every provider's adapter and sender. A provider is one folder and one line here.</summary>
    public static IServiceCollection AddOmniSupportChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReplayWindow>();

        services.AddOptions<GenericOptions>().Bind(configuration.GetSection(GenericOptions.SectionName))
            .Validate(o => o.Sources.Keys.All(k => GenericWebhookAdapter.IsSourceName(k.ToLowerInvariant())),
                "Channels:Generic:Sources names must be 1-48 letters, digits, '-' or '_' (they are matched without regard to case).")
            .Validate(o => o.Sources.Values.All(v => v.Secret.Trim().Length == v.Secret.Length),
                "A Channels:Generic:Sources:{name}:Secret has leading or trailing whitespace (pasted with a newline?).")
            .ValidateOnStart();
        services.AddSingleton<IWebhookAdapter, GenericWebhookAdapter>();

        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IWebhookAdapter, TwilioWebhookAdapter>();

        services.AddSingleton<IWebhookAdapter, AcsEventGridAdapter>();

        services.AddSingleton<IWebhookAdapter, SendGridWebhookAdapter>();

        services.AddSingleton<IWebhookAdapter, IntercomWebhookAdapter>();

        services.AddSingleton<IWebhookAdapter, XWebhookAdapter>();

        services.AddSingleton<IWebhookAdapter, MetaWebhookAdapter>();

        services.AddOptions<BotsOptions>().Bind(configuration.GetSection(BotsOptions.SectionName))
            .Validate(o => o.Secrets.Values.All(v => v.Trim().Length == v.Length), "A Channels:Bots:Secrets entry has leading or trailing whitespace (pasted with a newline?).")
            .ValidateOnStart();
        services.AddSingleton<IWebhookAdapter, BotHandoffAdapter>();

        services.AddOptions<Fhir.FhirOptions>().Bind(configuration.GetSection(Fhir.FhirOptions.SectionName))
            .Validate(o => o.Auth is "none" or "smart-backend", "Channels:Fhir:Auth must be none or smart-backend.")
            .Validate(o => o.Auth != "smart-backend" || (!string.IsNullOrWhiteSpace(o.Smart.ClientId) && !string.IsNullOrWhiteSpace(o.Smart.TokenUrl) && !string.IsNullOrWhiteSpace(o.Smart.PrivateKeyPem)),
                "Channels:Fhir:Auth smart-backend needs Channels:Fhir:Smart:ClientId, TokenUrl and PrivateKeyPem.")
            .Validate(o => o.Smart.Algorithm is "RS384" or "ES384", "Channels:Fhir:Smart:Algorithm must be RS384 or ES384.")
            .ValidateOnStart();
        services.AddSingleton<Fhir.SmartSigningKey>();
        services.AddSingleton<Fhir.SmartTokenSource>();
        services.AddTransient<Fhir.SmartBackendHandler>();
        services.AddHttpClient(Fhir.SmartTokenSource.TokenClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(Fhir.FhirEhrClient.HttpClientName, (sp, c) =>
            c.Timeout = TimeSpan.FromSeconds(Math.Max(1, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Fhir.FhirOptions>>().Value.TimeoutSeconds)))
            .AddHttpMessageHandler<Fhir.SmartBackendHandler>();
        services.AddSingleton<OmniSupport.Core.Appointments.IEhrClient, Fhir.FhirEhrClient>();
        services.AddSingleton<IWebhookAdapter, Fhir.FhirSubscriptionAdapter>();

        // The sections both the adapters and the senders read (Acs, SendGrid, Intercom, X, Meta) are bound and validated once, there.
        services.AddOmniSupportSenders(configuration);
        return services;
    }
}
