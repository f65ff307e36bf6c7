using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Channels.Crm;
using OmniSupport.Core.Events;
using OmniSupport.Core.Routing;

namespace OmniSupport.Channels.Helpdesk;

public static class HelpdeskConnectors
{
    /// <summary>The CRM connector (Salesforce when configured) and the sender of signed webhooks to helpdesks.</summary>
    public static IServiceCollection AddOmniSupportHelpdeskConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HelpdeskWebhookOptions>().Bind(configuration.GetSection(HelpdeskWebhookOptions.SectionName))
            .Validate(o => o.MaxAttempts >= 1 && o.BaseDelaySeconds >= 0 && o.TimeoutSeconds >= 1, "Helpdesk:Webhooks needs MaxAttempts >= 1, BaseDelaySeconds >= 0, TimeoutSeconds >= 1.")
            .ValidateOnStart();
        services.AddHttpClient(HttpWebhookSender.HttpClientName);
        services.AddSingleton<IWebhookSender, HttpWebhookSender>();

        services.AddOptions<SalesforceOptions>().Bind(configuration.GetSection(SalesforceOptions.SectionName))
            .Validate(o => string.IsNullOrWhiteSpace(o.LoginUrl) || Uri.TryCreate(o.LoginUrl, UriKind.Absolute, out _), "Crm:Salesforce:LoginUrl must be an absolute URL such as https://mycompany.my.salesforce.com.")
            .Validate(o => string.IsNullOrWhiteSpace(o.LoginUrl) || o.Enabled, "Crm:Salesforce needs ClientId and ClientSecret when LoginUrl is set.")
            .ValidateOnStart();
        services.AddHttpClient(SalesforceCrmConnector.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));

        // Enabled at run time by its settings (Crm:Salesforce:LoginUrl, ClientId, ClientSecret); another CRM registers its own ICrmConnector after this.
        services.AddSingleton<ICrmConnector, SalesforceCrmConnector>();

        return services;
    }
}
