// OmniSupport on Azure: one resource group holding the hub's Function App (Flex Consumption,
// .NET 10 isolated), its two storage accounts, Key Vault, monitoring and, optionally, Azure
// Communication Services for SMS. Deploy with `azd up` or `az deployment group create`
// (infra/README.md). tests/OmniSupport.Infra.Tests builds and lints this file and checks the
// compiled template on every test run.
targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

@description('Required. Name of the environment (azd env name, e.g. prod); it seeds every resource name.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Optional. Azure region of the resources; it must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Optional. Durable Functions task hub name (3-45 letters and digits, starting with a letter); host.json reads it as %TASKHUB_NAME%.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'omnisupport'

@description('Optional. Prefix of every table, queue and container of the hub (lower-case letters and digits; Storage__Prefix), so deployments can share one data account. The queue triggers listen on the prefixed queues through the HUB_*_QUEUE settings below.')
@maxLength(20)
param storagePrefix string = ''

@description('Optional. ISO 3166 region used to read phone numbers written without a country code (Identity__DefaultRegion).')
@minLength(2)
@maxLength(2)
param identityDefaultRegion string = 'US'

@description('Optional. Most instances the Function App scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Optional. Memory of each Function App instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Days the Log Analytics workspace keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Optional. Turn on Key Vault purge protection (recommended for production; it cannot be turned off, and a deleted vault then blocks its name for 90 days).')
param keyVaultEnablePurgeProtection bool = false

// ---------------------------------------------------------------------------------------------
// Azure Communication Services (optional)
// ---------------------------------------------------------------------------------------------

@description('Optional. Create an Azure Communication Services resource for SMS (its access key goes to Key Vault) and the Event Grid system topic for its events.')
param deployCommunicationServices bool = false

@description('Optional. Create the Event Grid subscription that delivers SMSReceived and SMSDeliveryReportReceived to the hub. Event Grid validates the webhook on creation, so set it only once the code is deployed (second `azd provision`).')
param subscribeAcsEvents bool = false

@description('Optional. Where ACS keeps data at rest.')
param acsDataLocation string = 'United States'

@description('Optional. Endpoint of an existing ACS resource (https://{name}.communication.azure.com), when deployCommunicationServices is false.')
param acsEndpoint string = ''

@description('Optional. Access key of that existing ACS resource (stored in Key Vault); ignored when deployCommunicationServices is true.')
@secure()
param acsAccessKey string = ''

@description('Optional. ACS phone number SMS are sent from, in E.164 (bought in the ACS resource after the first deployment).')
param acsFromNumber string = ''

@description('Required. Shared secret ACS event deliveries carry in ?secret= (stored in Key Vault; azd generates it).')
@secure()
@minLength(16)
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 40
      noSpecial: true
    }
  }
})
param acsWebhookSecret string

// ---------------------------------------------------------------------------------------------
// Provider settings and secrets. Secrets are stored in Key Vault and reach the app as Key Vault
// references; an empty secret leaves its setting empty, and that provider then stays off
// (outbound messages go to the hub's outbox instead).
// ---------------------------------------------------------------------------------------------

@description('Optional. Twilio Account SID (AC...).')
param twilioAccountSid string = ''

@description('Optional. Twilio auth token: signs X-Twilio-Signature and authenticates sends (stored in Key Vault).')
@secure()
param twilioAuthToken string = ''

@description('Optional. Twilio phone number SMS are sent from, in E.164.')
param twilioFromNumber string = ''

@description('Optional. Teams- or Slack-compatible incoming webhook URL for SLA supervisor alerts (Sla__SupervisorWebhookUrl, stored in Key Vault).')
@secure()
param slaSupervisorWebhookUrl string = ''

@description('Optional. How long after resolution the CSAT survey goes out (Sla__SurveyDelay, hh:mm:ss).')
param slaSurveyDelay string = '02:00:00'

@description('Optional. TwiML URL the outbound call of an SLA call task runs when answered (Channels__Twilio__Voice__TwimlUrl); empty says a short hold message.')
param slaVoiceTwimlUrl string = ''

@description('Optional. SendGrid API key for sending mail (stored in Key Vault).')
@secure()
param sendGridApiKey string = ''

@description('Required. Secret path segment of the SendGrid Inbound Parse URL (stored in Key Vault; azd generates it).')
@secure()
@minLength(16)
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 40
      noSpecial: true
    }
  }
})
param sendGridInboundSecret string

@description('Optional. SendGrid Event Webhook verification public key (base64, from the SendGrid console; public, not a secret).')
param sendGridEventWebhookPublicKey string = ''

@description('Optional. Address mail is sent from (a verified SendGrid sender).')
param sendGridFromEmail string = ''

@description('Optional. SendGrid Inbound Parse receiving domain (e.g. reply.example.com): replies to reply+{conversationId}@ this domain thread into that conversation.')
param sendGridInboundDomain string = ''

@description('Optional. Intercom app client secret: signs X-Hub-Signature (stored in Key Vault).')
@secure()
param intercomClientSecret string = ''

@description('Optional. Intercom access token for replies (stored in Key Vault).')
@secure()
param intercomAccessToken string = ''

@description('Optional. X (Twitter) app consumer secret: answers CRC checks and signs webhooks (stored in Key Vault).')
@secure()
param xConsumerSecret string = ''

@description('Optional. X (Twitter) OAuth 2.0 user-context access token of the support account (dm.write), sent as Bearer to send DM replies (stored in Key Vault).')
@secure()
param xBearerToken string = ''

@description('Optional. Meta app secret: signs X-Hub-Signature-256 (stored in Key Vault).')
@secure()
param metaAppSecret string = ''

@description('Required. Token Meta echoes in the hub.verify_token handshake (stored in Key Vault; azd generates it).')
@secure()
@minLength(16)
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 40
      noSpecial: true
    }
  }
})
param metaVerifyToken string

@description('Optional. Meta (WhatsApp/Messenger/Instagram) access token for replies (stored in Key Vault).')
@secure()
param metaAccessToken string = ''

@description('Optional. WhatsApp Business phone number id replies are sent from.')
param metaWhatsAppPhoneNumberId string = ''

@description('Optional. Token for WhatsApp sends (a system user token) when it differs from metaAccessToken (stored in Key Vault).')
@secure()
param metaWhatsAppAccessToken string = ''

@description('Optional. Display name on emailed replies.')
param sendGridFromName string = ''

@description('Optional. Intercom admin (teammate) id replies are authored as.')
param intercomAdminId string = ''

@description('Optional. Where Twilio posts SMS status callbacks for replies; empty means the hub\'s own /api/webhooks/twilio/status.')
param twilioStatusCallbackUrl string = ''

@description('Optional. SMS sender when both ACS and Twilio are configured: acs or twilio (empty: ACS first).')
@allowed([
  ''
  'acs'
  'twilio'
])
param smsProvider string = ''

@description('Optional. Salesforce My Domain URL (https://mycompany.my.salesforce.com) for routing by account; empty: no CRM.')
param salesforceLoginUrl string = ''

@description('Optional. Consumer key of the Salesforce External Client App (OAuth client credentials flow).')
param salesforceClientId string = ''

@description('Optional. Consumer secret of the Salesforce External Client App (stored in Key Vault).')
@secure()
param salesforceClientSecret string = ''

@description('Optional. Run the hospital scenario: import appointments from the EHR and run the reminders (Hospital__Enabled).')
param hospitalEnabled bool = false

@description('Optional. The EHR\'s FHIR R4 base URL (Channels__Fhir__BaseUrl); empty with the hospital scenario off.')
param fhirBaseUrl string = ''

@description('Optional. Short name of the EHR, the first part of every fhir-patient identity (Channels__Fhir__Ehr).')
param fhirEhrName string = 'ehr'

@description('Optional. none or smart-backend (SMART Backend Services with a signed JWT client assertion).')
@allowed(['none', 'smart-backend'])
param fhirAuth string = 'none'

@description('Optional. The client id the EHR gave the hub\'s SMART backend app.')
param fhirSmartClientId string = ''

@description('Optional. The EHR\'s OAuth token endpoint (from its .well-known/smart-configuration).')
param fhirSmartTokenUrl string = ''

@description('Optional. The private key (PEM) whose public half the hub serves at /api/fhir/jwks.json (stored in Key Vault).')
@secure()
param fhirSmartPrivateKeyPem string = ''

@description('Optional. The secret the EHR\'s Subscription sends in X-Subscription-Secret (stored in Key Vault).')
@secure()
param fhirSubscriptionSecret string = ''

@description('Optional. Account field holding the annual contract value.')
param salesforceContractValueField string = 'Annual_Contract_Value__c'

@description('Optional. Account field holding a support tier; empty to let routing rules set the tier.')
param salesforceTierField string = ''

@description('Optional. Public URL of the full knowledge-base article ({id} replaced), linked from the SMS form; empty: the API URL.')
param knowledgeArticleUrlTemplate string = ''

@description('Optional. JSON object of per-entry settings with plain values, e.g. {"Api__Keys__0__Id":"ops","Api__Keys__0__Sha256":"...","Api__Keys__0__Scopes":"admin"}. They override the settings above.')
param additionalAppSettingsJson string = ''

@description('Optional. JSON object of per-entry secret settings, e.g. {"Channels__Generic__Sources__shop__Secret":"...","Channels__Bots__Secrets__dialogflow":"..."}. Each value is stored in Key Vault and the setting becomes a Key Vault reference.')
@secure()
param additionalSecretSettingsJson string = ''

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var resourceToken = uniqueString(subscription().id, resourceGroup().id, environmentName)
var tags = {
  'azd-env-name': environmentName
  application: 'omnisupport'
}
var names = {
  identity: 'id-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  hubStorage: 'sthub${resourceToken}'
  runtimeStorage: 'stfn${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
  communication: 'acs-${resourceToken}'
  communicationTopic: 'evgt-acs-${resourceToken}'
}

// Key Vault secret names (letters, digits and dashes only).
var secretNames = {
  twilioAuthToken: 'twilio-auth-token'
  acsAccessKey: 'acs-access-key'
  acsWebhookSecret: 'acs-webhook-secret'
  sendGridApiKey: 'sendgrid-api-key'
  sendGridInboundSecret: 'sendgrid-inbound-secret'
  intercomClientSecret: 'intercom-client-secret'
  intercomAccessToken: 'intercom-access-token'
  xConsumerSecret: 'x-consumer-secret'
  xBearerToken: 'x-bearer-token'
  metaAppSecret: 'meta-app-secret'
  metaVerifyToken: 'meta-verify-token'
  metaAccessToken: 'meta-access-token'
  slaSupervisorWebhookUrl: 'sla-supervisor-webhook-url'
  metaWhatsAppAccessToken: 'meta-whatsapp-access-token'
  salesforceClientSecret: 'salesforce-client-secret'
  fhirSmartPrivateKeyPem: 'fhir-smart-private-key'
  fhirSubscriptionSecret: 'fhir-subscription-secret'
}

var additionalAppSettings = empty(additionalAppSettingsJson) ? {} : json(additionalAppSettingsJson)
var additionalSecretSettings = empty(additionalSecretSettingsJson) ? {} : json(additionalSecretSettingsJson)
// A per-entry setting name becomes a secret name: Channels__Bots__Secrets__x -> Channels--Bots--Secrets--x.
var additionalSecretNames = toObject(
  objectKeys(additionalSecretSettings),
  key => key,
  key => replace(replace(key, '__', '--'), '_', '-')
)

// Built-in data roles, the only roles the app's identity gets.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

// The hub's data: customers, identities, conversations, timeline, inbox and audit tables, the
// inbound/outbound queues, raw payload and attachment blobs.
// Claim-checked queue payloads (payloads/inbound/, payloads/outbound/) are deleted by the hub once their
// message is processed; this rule removes strays (a message that expired or was dropped from a poison
// queue) well after any retry or replay could still need them.
var claimCheckStrayDays = 30

module hubStorage 'modules/storage-account.bicep' = {
  name: 'hub-storage'
  params: {
    name: names.hubStorage
    location: location
    blobLifecycleRules: [
      {
        name: 'claim-check-strays'
        enabled: true
        type: 'Lifecycle'
        definition: {
          filters: {
            blobTypes: [
              'blockBlob'
            ]
            prefixMatch: [
              'payloads/inbound/'
              'payloads/outbound/'
            ]
          }
          actions: {
            baseBlob: {
              delete: {
                daysAfterModificationGreaterThan: claimCheckStrayDays
              }
            }
          }
        }
      }
    ]
    tags: tags
  }
}

// The Functions runtime (host locks, timers), the Durable task hub and the deployment package,
// kept apart from the data so Durable's queue and table traffic does not throttle the hub's.
module runtimeStorage 'modules/storage-account.bicep' = {
  name: 'runtime-storage'
  params: {
    name: names.runtimeStorage
    location: location
    containerNames: [
      names.deploymentContainer
    ]
    tags: tags
  }
}

module hubStorageRoles 'modules/storage-roles.bicep' = {
  name: 'hub-storage-roles'
  params: {
    storageAccountName: hubStorage.outputs.name
    principalId: identity.outputs.principalId
    roleDefinitionIds: [
      roles.storageBlobDataContributor
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
    ]
  }
}

// Blob Data Owner: the Functions host and the Flex deployment container need it on this account.
module runtimeStorageRoles 'modules/storage-roles.bicep' = {
  name: 'runtime-storage-roles'
  params: {
    storageAccountName: runtimeStorage.outputs.name
    principalId: identity.outputs.principalId
    roleDefinitionIds: [
      roles.storageBlobDataOwner
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
    ]
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: names.keyVault
    location: location
    readerPrincipalId: identity.outputs.principalId
    enablePurgeProtection: keyVaultEnablePurgeProtection
    tags: tags
    secrets: union(
      {
        '${secretNames.twilioAuthToken}': twilioAuthToken
        // A deployed ACS resource writes its own key (communication.bicep).
        '${secretNames.acsAccessKey}': deployCommunicationServices ? '' : acsAccessKey
        '${secretNames.acsWebhookSecret}': acsWebhookSecret
        '${secretNames.sendGridApiKey}': sendGridApiKey
        '${secretNames.sendGridInboundSecret}': sendGridInboundSecret
        '${secretNames.intercomClientSecret}': intercomClientSecret
        '${secretNames.intercomAccessToken}': intercomAccessToken
        '${secretNames.xConsumerSecret}': xConsumerSecret
        '${secretNames.xBearerToken}': xBearerToken
        '${secretNames.metaAppSecret}': metaAppSecret
        '${secretNames.metaVerifyToken}': metaVerifyToken
        '${secretNames.metaAccessToken}': metaAccessToken
        '${secretNames.slaSupervisorWebhookUrl}': slaSupervisorWebhookUrl
        '${secretNames.metaWhatsAppAccessToken}': metaWhatsAppAccessToken
        '${secretNames.salesforceClientSecret}': salesforceClientSecret
        '${secretNames.fhirSmartPrivateKeyPem}': fhirSmartPrivateKeyPem
        '${secretNames.fhirSubscriptionSecret}': fhirSubscriptionSecret
      },
      toObject(objectKeys(additionalSecretSettings), key => additionalSecretNames[key], key => additionalSecretSettings[key])
    )
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    identityResourceId: identity.outputs.resourceId
    deploymentStorageBlobEndpoint: runtimeStorage.outputs.blobEndpoint
    deploymentContainerName: names.deploymentContainer
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    tags: tags
  }
}

module communication 'modules/communication.bicep' = if (deployCommunicationServices) {
  name: 'communication'
  params: {
    name: names.communication
    systemTopicName: names.communicationTopic
    dataLocation: acsDataLocation
    keyVaultName: keyVault.outputs.name
    accessKeySecretName: secretNames.acsAccessKey
    tags: tags
  }
}

var hostName = functionApp.outputs.defaultHostName
var vaultUri = keyVault.outputs.uri
var acsKeyConfigured = deployCommunicationServices || !empty(acsAccessKey)

// Every setting the hub reads in Azure. Keys follow the options classes: section
// `Channels:Twilio` + property `AuthToken` -> `Channels__Twilio__AuthToken`; the settings parity
// test fails when an options property has no setting here.
module appSettings 'modules/app-settings.bicep' = {
  name: 'app-settings'
  params: {
    functionAppName: functionApp.outputs.name
    appSettings: {
      // Functions host storage (runtime account) with the managed identity, no keys.
      AzureWebJobsStorage__accountName: runtimeStorage.outputs.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      AzureWebJobsStorage__blobServiceUri: runtimeStorage.outputs.blobEndpoint
      AzureWebJobsStorage__queueServiceUri: runtimeStorage.outputs.queueEndpoint
      AzureWebJobsStorage__tableServiceUri: runtimeStorage.outputs.tableEndpoint
      TASKHUB_NAME: taskHubName
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString

      // Connection of the queue triggers (QueueFunctions.Connection = "HubStorage"): the hub account.
      HubStorage__queueServiceUri: hubStorage.outputs.queueEndpoint
      HubStorage__blobServiceUri: hubStorage.outputs.blobEndpoint
      HubStorage__tableServiceUri: hubStorage.outputs.tableEndpoint
      HubStorage__credential: 'managedidentity'
      HubStorage__clientId: identity.outputs.clientId

      // The hub's own data (StorageOptions): identity-based, so Storage__ConnectionString stays unset.
      Storage__TableServiceUri: hubStorage.outputs.tableEndpoint
      Storage__QueueServiceUri: hubStorage.outputs.queueEndpoint
      Storage__BlobServiceUri: hubStorage.outputs.blobEndpoint
      Storage__ManagedIdentityClientId: identity.outputs.clientId
      Storage__Prefix: storagePrefix

      // The queue triggers' names (binding expressions %HUB_*_QUEUE%, StorageNames.Bindings): the same prefix
      // as Storage__Prefix, or the triggers listen on other queues than the hub writes to (the app refuses to start).
      HUB_INBOUND_QUEUE: '${storagePrefix}inbound'
      HUB_OUTBOUND_QUEUE: '${storagePrefix}outbound'
      HUB_CALLBACKS_QUEUE: '${storagePrefix}callbacks'
      HUB_SLA_SIGNALS_QUEUE: '${storagePrefix}sla-signals'
      HUB_WEBHOOKS_OUT_QUEUE: '${storagePrefix}webhooks-out'
      HUB_REMINDERS_QUEUE: '${storagePrefix}reminders'

      Identity__DefaultRegion: identityDefaultRegion
      Ingest__ReplayWindowSeconds: '300'
      Ingest__DedupeRetentionDays: '8'
      Api__PublicBaseUrl: 'https://${hostName}'
      Api__MaxWebhookBodyBytes: '33554432'
      Telemetry__ConsoleExporter: 'false'
      Api__StoredKeyCacheSeconds: '30'
      Api__SessionMinutes: '480'

      // The helpdesk's side. Routing rules (Routing__Rules__N__*) and disposition codes
      // (Dispositions__Codes__N) are per-entry lists: give them in additionalAppSettingsJson.
      Crm__Salesforce__LoginUrl: salesforceLoginUrl
      Crm__Salesforce__ClientId: salesforceClientId
      Crm__Salesforce__ClientSecret: empty(salesforceClientSecret) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.salesforceClientSecret})'
      Crm__Salesforce__ApiVersion: 'v62.0'
      Crm__Salesforce__ContractValueField: salesforceContractValueField
      Crm__Salesforce__TierField: salesforceTierField
      Crm__Salesforce__CacheMinutes: '15'
      Crm__Salesforce__TokenMinutes: '30'
      Knowledge__ArticleUrlTemplate: knowledgeArticleUrlTemplate
      Knowledge__SmsMaxSegments: '3'
      Helpdesk__Webhooks__MaxAttempts: '8'
      Helpdesk__Webhooks__BaseDelaySeconds: '5'
      Helpdesk__Webhooks__MaxDelaySeconds: '3600'
      Helpdesk__Webhooks__TimeoutSeconds: '10'

      Channels__Twilio__AccountSid: twilioAccountSid
      Channels__Twilio__AuthToken: empty(twilioAuthToken) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.twilioAuthToken})'
      Channels__Twilio__FromNumber: twilioFromNumber
      Channels__Twilio__StatusCallbackUrl: empty(twilioStatusCallbackUrl) ? 'https://${hostName}/api/webhooks/twilio/status' : twilioStatusCallbackUrl
      Channels__Twilio__ApiBaseUrl: ''
      // Call tasks dial on the same account (TwilioCallDialer): from the same number, status to the voice webhook.
      Channels__Twilio__Voice__FromNumber: twilioFromNumber
      Channels__Twilio__Voice__TwimlUrl: slaVoiceTwimlUrl
      Channels__Twilio__Voice__StatusCallbackUrl: 'https://${hostName}/api/webhooks/twilio/voice'

      Channels__Acs__Endpoint: deployCommunicationServices ? communication!.outputs.endpoint : acsEndpoint
      Channels__Acs__AccessKey: acsKeyConfigured ? '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.acsAccessKey})' : ''
      Channels__Acs__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.acsWebhookSecret})'
      Channels__Acs__FromNumber: acsFromNumber

      Channels__SendGrid__ApiKey: empty(sendGridApiKey) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.sendGridApiKey})'
      Channels__SendGrid__InboundSecret: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.sendGridInboundSecret})'
      Channels__SendGrid__EventWebhookPublicKey: sendGridEventWebhookPublicKey
      Channels__SendGrid__FromEmail: sendGridFromEmail
      Channels__SendGrid__FromName: sendGridFromName
      Channels__SendGrid__InboundDomain: sendGridInboundDomain
      Channels__SendGrid__ApiBaseUrl: 'https://api.sendgrid.com'

      Channels__Intercom__ClientSecret: empty(intercomClientSecret) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.intercomClientSecret})'
      Channels__Intercom__AccessToken: empty(intercomAccessToken) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.intercomAccessToken})'
      Channels__Intercom__AdminId: intercomAdminId
      Channels__Intercom__ApiVersion: '2.11'
      Channels__Intercom__ApiBaseUrl: 'https://api.intercom.io'

      Channels__X__ConsumerSecret: empty(xConsumerSecret) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.xConsumerSecret})'
      Channels__X__BearerToken: empty(xBearerToken) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.xBearerToken})'
      Channels__X__ApiBaseUrl: 'https://api.x.com'

      Channels__Meta__AppSecret: empty(metaAppSecret) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.metaAppSecret})'
      Channels__Meta__VerifyToken: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.metaVerifyToken})'
      Channels__Meta__AccessToken: empty(metaAccessToken) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.metaAccessToken})'
      Channels__Meta__WhatsAppPhoneNumberId: metaWhatsAppPhoneNumberId
      Channels__Meta__WhatsAppAccessToken: empty(metaWhatsAppAccessToken) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.metaWhatsAppAccessToken})'
      Channels__Meta__GraphApiVersion: 'v23.0'
      Channels__Meta__GraphBaseUrl: 'https://graph.facebook.com'

      // SLA engine (SlaOptions): the policy file ships with the app; call tasks dial through the Twilio account above.
      Sla__PolicyFile: 'sla-policies.sample.json'
      Sla__SurveyDelay: slaSurveyDelay
      Sla__SurveysEnabled: 'true'
      Sla__SupervisorWebhookUrl: empty(slaSupervisorWebhookUrl) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.slaSupervisorWebhookUrl})'
      Sla__ConversationLinkBase: 'https://${hostName}'

      // The hospital (HospitalOptions, FhirOptions, AuditOptions): EHR over FHIR R4, reminder policy, audit retention.
      Hospital__Enabled: hospitalEnabled ? 'true' : 'false'
      Hospital__LookAheadDays: '3'
      Hospital__ImportInterval: '00:15:00'
      Hospital__Reminders__LeadTime: '2.00:00:00'
      Hospital__Reminders__ReplyWindow: '1.00:00:00'
      Hospital__Reminders__CallAttempts: '3'
      Hospital__Reminders__CallRetryDelay: '02:00:00'
      Hospital__Reminders__CallOutcomeWindow: '08:00:00'
      Hospital__Reminders__Text: 'Hello {name}, this is a reminder of your appointment on {when}{where}. Reply C to confirm or X to cancel.'
      Channels__Fhir__BaseUrl: fhirBaseUrl
      Channels__Fhir__Ehr: fhirEhrName
      Channels__Fhir__Auth: fhirAuth
      Channels__Fhir__Smart__ClientId: fhirSmartClientId
      Channels__Fhir__Smart__TokenUrl: fhirSmartTokenUrl
      Channels__Fhir__Smart__Scope: 'system/Appointment.rs system/Patient.r system/Slot.ru system/Communication.c system/Task.c'
      Channels__Fhir__Smart__PrivateKeyPem: empty(fhirSmartPrivateKeyPem) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.fhirSmartPrivateKeyPem})'
      Channels__Fhir__Smart__KeyId: 'omnisupport-1'
      Channels__Fhir__Smart__Algorithm: 'RS384'
      Channels__Fhir__SlotRelease: 'free'
      Channels__Fhir__SubscriptionSecret: empty(fhirSubscriptionSecret) ? '' : '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.fhirSubscriptionSecret})'
      Channels__Fhir__SubscriptionHeader: 'X-Subscription-Secret'
      Channels__Fhir__TimeoutSeconds: '30'
      Audit__RetentionDays: '2192'

      Channels__Outbound__SmsProvider: smsProvider
      Channels__Outbound__Http__MaxRetryAttempts: '4'
      Channels__Outbound__Http__RetryBaseDelayMilliseconds: '1000'
      Channels__Outbound__Http__AttemptTimeoutSeconds: '20'
      Channels__Outbound__Http__TotalTimeoutSeconds: '120'
    }
    additionalAppSettings: additionalAppSettings
    additionalKeyVaultReferences: toObject(
      objectKeys(additionalSecretSettings),
      key => key,
      key => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${additionalSecretNames[key]})'
    )
  }
}

module acsEventSubscription 'modules/acs-event-subscription.bicep' = if (deployCommunicationServices && subscribeAcsEvents) {
  name: 'acs-event-subscription'
  params: {
    systemTopicName: communication!.outputs.systemTopicName
    endpointUrl: 'https://${hostName}/api/webhooks/acs/events?secret=${uriComponent(acsWebhookSecret)}'
  }
  // The hub must hold the webhook secret before Event Grid sends its validation event.
  dependsOn: [
    appSettings
  ]
}

// ---------------------------------------------------------------------------------------------
// Outputs: what to give each provider (infra/README.md says where). Placeholders in braces are
// filled in by the operator: {source} and {platform} are names the operator picks, the secrets
// are in Key Vault (never in outputs).
// ---------------------------------------------------------------------------------------------

var baseUrl = 'https://${hostName}'

@description('Host name of the Function App.')
output FUNCTION_APP_HOST_NAME string = hostName

@description('Name of the Function App (azd deploys the api service to it).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Name of the Key Vault that holds the provider secrets.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Name of the hub data storage account (tables, queues, blobs).')
output HUB_STORAGE_ACCOUNT_NAME string = hubStorage.outputs.name

@description('Generic signed-envelope webhook, one per source configured in Channels__Generic__Sources__{source}__Secret.')
output WEBHOOK_GENERIC_URL string = '${baseUrl}/api/webhooks/generic/{source}'

@description('Twilio Messaging webhook (A message comes in).')
output WEBHOOK_TWILIO_SMS_URL string = '${baseUrl}/api/webhooks/twilio/sms'

@description('Twilio Voice status callback (call outcomes).')
output WEBHOOK_TWILIO_VOICE_URL string = '${baseUrl}/api/webhooks/twilio/voice'

@description('Twilio message status callbacks of SMS the hub sent (set as StatusCallback on each send).')
output WEBHOOK_TWILIO_STATUS_URL string = '${baseUrl}/api/webhooks/twilio/status'

@description('ACS SMS events through Event Grid; {secret} is Key Vault secret acs-webhook-secret (the subscription is created with subscribeAcsEvents).')
output WEBHOOK_ACS_EVENTS_URL string = '${baseUrl}/api/webhooks/acs/events?secret={secret}'

@description('SendGrid Inbound Parse destination; {secret} is Key Vault secret sendgrid-inbound-secret.')
output WEBHOOK_SENDGRID_INBOUND_URL string = '${baseUrl}/api/webhooks/sendgrid/inbound/{secret}'

@description('SendGrid Event Webhook (signed deliveries).')
output WEBHOOK_SENDGRID_EVENTS_URL string = '${baseUrl}/api/webhooks/sendgrid/events'

@description('Intercom webhook topics endpoint.')
output WEBHOOK_INTERCOM_URL string = '${baseUrl}/api/webhooks/intercom'

@description('X (Twitter) Account Activity webhook (CRC answered by the hub).')
output WEBHOOK_X_URL string = '${baseUrl}/api/webhooks/x'

@description('Meta (WhatsApp, Messenger, Instagram) webhook callback URL; verify token is Key Vault secret meta-verify-token.')
output WEBHOOK_META_URL string = '${baseUrl}/api/webhooks/meta'

@description('Chatbot handoff webhook, one per {platform} configured in Channels__Bots__Secrets__{platform}.')
output WEBHOOK_BOTS_URL string = '${baseUrl}/api/webhooks/bots/{platform}'

@description('Whether the Event Grid subscription for ACS SMS events exists after this deployment.')
output ACS_EVENTS_SUBSCRIBED bool = deployCommunicationServices && subscribeAcsEvents
