// Data-plane roles for one principal on one storage account, and nothing broader: no Owner,
// Contributor or Storage Account Contributor, which would let the app list keys.

@description('Required. Name of the storage account the roles apply to.')
param storageAccountName string

@description('Required. Object id of the principal (the Function App managed identity).')
param principalId string

@description('Required. Role definition ids (GUIDs) to assign; data roles only.')
param roleDefinitionIds string[]

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in roleDefinitionIds: {
    name: guid(account.id, principalId, roleId)
    scope: account
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]
