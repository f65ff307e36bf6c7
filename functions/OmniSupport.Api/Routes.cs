namespace OmniSupport.Api;

/// <summary>
/// Every route the hub serves, under the <c>/api</c> prefix. The Functions triggers and the Server
/// map these same constants, and a test compares the two hosts against this list.
/// </summary>
public static class Routes
{
    public const string Prefix = "api";

    public const string Webhook = "webhooks/{provider}/{*path}";
    public const string Health = "health";
    public const string Customers = "customers";
    public const string Customer = "customers/{id}";
    public const string CustomerTimeline = "customers/{id}/timeline";
    public const string CustomerIdentities = "customers/{id}/identities";
    public const string Conversation = "conversations/{id}";
    public const string ConversationReplies = "conversations/{id}/replies";
    public const string Poison = "admin/poison";
    public const string PoisonReplay = "admin/poison/{id}/replay";
    public const string Outbox = "admin/outbox";
}
