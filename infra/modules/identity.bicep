// The one user-assigned managed identity the Function App runs as: storage, Key Vault references
// and the Flex deployment container all authenticate with it, so no key or connection string is
// stored anywhere.

@description('Required. Name of the user-assigned managed identity.')
param name string

@description('Required. Azure region of the identity.')
param location string

@description('Optional. Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity (for the site identity and Key Vault references).')
output resourceId string = identity.id

@description('Client id of the identity (AzureWebJobsStorage__clientId and Storage__ManagedIdentityClientId).')
output clientId string = identity.properties.clientId

@description('Object (principal) id of the identity, the subject of the role assignments.')
output principalId string = identity.properties.principalId

@description('Name of the identity.')
output name string = identity.name
