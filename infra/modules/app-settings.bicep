// The Function App's application settings, applied in one piece (this replaces every setting the
// app had: change settings here or through the deployment parameters, not in the portal).

@description('Required. Name of the existing Function App.')
param functionAppName string

@description('Required. The settings the hub is known to read, as { name: value }.')
param appSettings object

@description('Optional. Per-entry settings with plain values (e.g. Api__Keys__0__Id); they override appSettings.')
param additionalAppSettings object = {}

@description('Optional. Per-entry settings that are Key Vault references (e.g. Channels__Generic__Sources__shop__Secret).')
param additionalKeyVaultReferences object = {}

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, additionalAppSettings, additionalKeyVaultReferences)
}

