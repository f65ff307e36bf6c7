using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Acs;
using OmniSupport.Channels.Intercom;
using OmniSupport.Channels.Meta;
using OmniSupport.Channels.SendGrid;
using OmniSupport.Channels.Twilio;
using OmniSupport.Channels.X;
using OmniSupport.Core.Outbound;
using Polly;

namespace OmniSupport.Channels.Outbound;

public static class SenderRegistration
{
    /// <summary>Every channel sender and the call dialer, each on a named HttpClient with the retry pipeline.</summary>
    public static IServiceCollection AddOmniSupportSenders(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddTimeProvider();
        services.AddOptions<OutboundOptions>().Bind(configuration.GetSection(OutboundOptions.SectionName))
            .Validate(o => o.SmsProvider is "" or "acs" or "twilio", "Channels:Outbound:SmsProvider must be empty, 'acs' or 'twilio'.")
            .ValidateOnStart();
        services.AddOptions<SenderHttpOptions>().Bind(configuration.GetSection(SenderHttpOptions.SectionName))
            .Validate(o => o.MaxRetryAttempts is >= 0 and <= 10, "Channels:Outbound:Http:MaxRetryAttempts must be 0 to 10.")
            .Validate(o => o.AttemptTimeoutSeconds >= 1 && o.TotalTimeoutSeconds > o.AttemptTimeoutSeconds,
                "Channels:Outbound:Http:TotalTimeoutSeconds must be greater than AttemptTimeoutSeconds (at least 1).")
            .ValidateOnStart();

        services.AddOptions<SendGridOptions>().Bind(configuration.GetSection(SendGridOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => Uri.IsWellFormedUriString(o.ApiBaseUrl, UriKind.Absolute), "Channels:SendGrid:ApiBaseUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<AcsOptions>().Bind(configuration.GetSection(AcsOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.AccessKey) || IsBase64(o.AccessKey), "Channels:Acs:AccessKey must be the resource's base64 access key.")
            .ValidateOnStart();
        services.AddOptions<TwilioOptions>() // bound with the webhook's settings in AddOmniSupportChannels
            .Validate(o => string.IsNullOrEmpty(o.ApiBaseUrl) || Uri.IsWellFormedUriString(o.ApiBaseUrl, UriKind.Absolute), "Channels:Twilio:ApiBaseUrl must be empty or an absolute URL.")
            .Validate(o => string.IsNullOrEmpty(o.Voice.TwimlUrl) || Uri.IsWellFormedUriString(o.Voice.TwimlUrl, UriKind.Absolute), "Channels:Twilio:Voice:TwimlUrl must be empty or an absolute URL.")
            .Validate(o => string.IsNullOrEmpty(o.Voice.StatusCallbackUrl) || Uri.IsWellFormedUriString(o.Voice.StatusCallbackUrl, UriKind.Absolute), "Channels:Twilio:Voice:StatusCallbackUrl must be empty or an absolute URL.")
            .Validate(o => string.IsNullOrEmpty(o.Voice.FromNumber) || (!string.IsNullOrEmpty(o.AccountSid) && !string.IsNullOrEmpty(o.AuthToken)),
                "Channels:Twilio:Voice:FromNumber is set: Channels:Twilio:AccountSid and AuthToken are required too (calls are placed on that account).")
            .ValidateOnStart();
        services.AddOptions<IntercomOptions>().Bind(configuration.GetSection(IntercomOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => Uri.IsWellFormedUriString(o.ApiBaseUrl, UriKind.Absolute), "Channels:Intercom:ApiBaseUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<XOptions>().Bind(configuration.GetSection(XOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => Uri.IsWellFormedUriString(o.ApiBaseUrl, UriKind.Absolute), "Channels:X:ApiBaseUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<MetaOptions>().Bind(configuration.GetSection(MetaOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => Uri.IsWellFormedUriString(o.GraphBaseUrl, UriKind.Absolute), "Channels:Meta:GraphBaseUrl must be an absolute URL.")
            .ValidateOnStart();

        AddProviderClient(services, SendGridSender.HttpClientName);
        AddProviderClient(services, AcsSmsSender.HttpClientName, providerDedupes: true); // the repeatability id
        AddProviderClient(services, IntercomSender.HttpClientName);
        AddProviderClient(services, XDirectMessageSender.HttpClientName);
        AddProviderClient(services, MessengerSender.HttpClientName);
        AddProviderClient(services, TwilioSmsSender.HttpClientName, configure: builder =>
            builder.AddHttpMessageHandler(sp =>
            {
                var baseUrl = sp.GetRequiredService<IOptions<TwilioOptions>>().Value.ApiBaseUrl;
                return string.IsNullOrWhiteSpace(baseUrl) ? new PassThroughHandler() : new OriginRewriteHandler(new Uri(baseUrl));
            }));

        services.AddSingleton<IChannelSender, SendGridSender>();
        services.AddSingleton<IChannelSender, AcsSmsSender>();
        services.AddSingleton<IChannelSender, TwilioSmsSender>();
        services.AddSingleton<OmniSupport.Core.Sla.ICallDialer, TwilioCallDialer>();
        services.AddSingleton<IChannelSender, IntercomSender>();
        services.AddSingleton<IChannelSender, XDirectMessageSender>();
        services.AddSingleton<IChannelSender, MessengerSender>();
        services.AddSingleton<IChannelSender, WhatsAppSender>();
        return services;
    }

    private static void AddProviderClient(IServiceCollection services, string name, bool providerDedupes = false, Action<IHttpClientBuilder>? configure = null)
    {
        var builder = services.AddHttpClient(name);
        configure?.Invoke(builder);
        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions r, IServiceProvider sp) =>
        {
            var o = sp.GetRequiredService<IOptions<SenderHttpOptions>>().Value;
            // The handler wants at least one retry configured; ProviderRetryRule makes 0 mean none.
            r.Retry.MaxRetryAttempts = Math.Max(1, o.MaxRetryAttempts);
            r.Retry.ShouldHandle = args => ValueTask.FromResult(
                ProviderRetryRule.ShouldRetry(args.Outcome, args.Context.GetRequestMessage()?.Method, providerDedupes, o.MaxRetryAttempts));
            r.Retry.Delay = TimeSpan.FromMilliseconds(Math.Max(1, o.RetryBaseDelayMilliseconds));
            r.Retry.BackoffType = DelayBackoffType.Exponential;
            r.Retry.UseJitter = true;
            r.AttemptTimeout.Timeout = TimeSpan.FromSeconds(o.AttemptTimeoutSeconds);
            r.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(o.TotalTimeoutSeconds);
            r.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, 2 * o.AttemptTimeoutSeconds));
        });
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out _);
    }

    private sealed class PassThroughHandler : DelegatingHandler;
}
