namespace OmniSupport.Channels.Fhir;

/// <summary>The EHR's FHIR R4 connection (section <c>Channels:Fhir</c>).</summary>
public sealed class FhirOptions
{
    public const string SectionName = "Channels:Fhir";

    /// <summary>The FHIR R4 base URL, e.g. <c>https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4/</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>A short name for the EHR: the first part of the <c>fhir-patient</c> identities (<c>{Ehr}/{Patient.id}</c>).</summary>
    public string Ehr { get; set; } = "ehr";

    /// <summary><c>none</c> (a local server) or <c>smart-backend</c> (SMART Backend Services, client_credentials with a signed JWT).</summary>
    public string Auth { get; set; } = "none";

    public SmartBackendOptions Smart { get; set; } = new();

    /// <summary><c>free</c>: set the Slot free where the EHR allows it, else a rebook Task; <c>task</c>: always a rebook Task.</summary>
    public string SlotRelease { get; set; } = "free";

    /// <summary>The secret an EHR's Subscription sends in <see cref="SubscriptionHeader"/> (rest-hook channel.header).</summary>
    public string? SubscriptionSecret { get; set; }

    public string SubscriptionHeader { get; set; } = "X-Subscription-Secret";

    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>SMART Backend Services (hl7.org/fhir/smart-app-launch/backend-services.html).</summary>
public sealed class SmartBackendOptions
{
    /// <summary>The client id the EHR gave the backend app at registration.</summary>
    public string? ClientId { get; set; }

    /// <summary>The EHR's token endpoint (from its .well-known/smart-configuration).</summary>
    public string? TokenUrl { get; set; }

    public string Scope { get; set; } = "system/Appointment.rs system/Patient.r system/Slot.ru system/Communication.c system/Task.c";

    /// <summary>The private key (PEM, PKCS#8 or RSA/EC), from configuration or a Key Vault reference. Never logged.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>The key id (kid) in the JWKS the hub serves and in each assertion's header.</summary>
    public string KeyId { get; set; } = "omnisupport-1";

    /// <summary>RS384 (an RSA key) or ES384 (a P-384 EC key).</summary>
    public string Algorithm { get; set; } = "RS384";
}
