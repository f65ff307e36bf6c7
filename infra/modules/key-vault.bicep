// Key Vault in RBAC mode holding the provider secrets. The Function App reads them through
// Key Vault references (@Microsoft.KeyVault(SecretUri=...)) with its managed identity, which gets
// Key Vault Secrets User (read secret values) on this vault only.

@description('Required. Name of the vault (3-24 letters, digits and dashes).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region of the vault.')
param location string

@description('Required. Object id of the principal that reads the secrets (the Function App identity).')
param readerPrincipalId string

@description('Optional. Secrets to store, as { secretName: value }. An empty value creates no secret (the setting that refers to it is left empty).')
@secure()
param secrets object = {}

@description('Optional. Turn on purge protection (recommended in production; it cannot be turned off again).')
param enablePurgeProtection bool = false

@description('Optional. Tags applied to the vault.')
param tags object = {}

// Key Vault Secrets User: read secret contents, nothing else.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Purge protection can only be switched on; 'false' is rejected, so leave it unset instead.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = [
  for secret in items(secrets): if (!empty(secret.value)) {
    parent: vault
    name: secret.key
    properties: {
      value: secret.value
      contentType: 'text/plain'
    }
  }
]

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Vault URI (https://{name}.vault.azure.net/); a secret reference is {uri}secrets/{secretName}.')
output uri string = vault.properties.vaultUri
