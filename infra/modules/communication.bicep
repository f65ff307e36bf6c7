// Azure Communication Services for SMS, and the Event Grid system topic its events flow through.
// The access key the hub signs ACS REST calls with goes straight into Key Vault (never an output).
// The webhook subscription itself is in acs-event-subscription.bicep: Event Grid validates a
// webhook when it is created, so it can only be created once the hub's code is deployed.

@description('Required. Name of the Communication Services resource.')
param name string

@description('Required. Name of the Event Grid system topic for the resource\'s events.')
param systemTopicName string

@description('Required. Where ACS stores data at rest (e.g. United States, Europe, UK, Australia).')
param dataLocation string

@description('Required. Name of the Key Vault that receives the access key.')
param keyVaultName string

@description('Required. Name of the Key Vault secret that holds the access key.')
param accessKeySecretName string

@description('Optional. Tags applied to both resources.')
param tags object = {}

resource acs 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: 'global'
  tags: tags
  properties: {
    source: acs.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource accessKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: accessKeySecretName
  properties: {
    value: acs.listKeys().primaryKey
    contentType: 'text/plain'
  }
}

@description('ACS endpoint (https://{name}.communication.azure.com) for Channels__Acs__Endpoint.')
output endpoint string = 'https://${acs.properties.hostName}'

@description('Name of the Event Grid system topic.')
output systemTopicName string = systemTopic.name

@description('Name of the Communication Services resource.')
output name string = acs.name
