using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static OmniSupport.Infra.Tests.CompiledTemplate;

namespace OmniSupport.Infra.Tests;

/// <summary>The compiled template deploys a hardened hub: isolated worker on Flex, HTTPS and TLS 1.2, identity instead of keys, least privilege.</summary>
[Collection(BicepCollection.Name)]
public sealed partial class TemplateHardeningTests(CompiledTemplate template)
{
    /// <summary>The only roles the app's identity may hold: data-plane roles, nothing that manages resources or access.</summary>
    public static readonly IReadOnlyDictionary<string, string> AllowedRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
    };

    private static readonly Dictionary<string, string> BroadRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] = "Owner",
        ["b24988ac-6180-42a0-ab88-20f7382dd24c"] = "Contributor",
        ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"] = "User Access Administrator",
        ["17d1049b-9a84-46fb-8f53-869881c3d3ab"] = "Storage Account Contributor",
        ["00482a5a-887f-4fb3-b363-3b7fe8e74483"] = "Key Vault Administrator",
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer",
    };

    private JsonObject Site => Single("Microsoft.Web/sites").Node;

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_the_flex_consumption_plan()
    {
        var runtime = Site["properties"]?["functionAppConfig"]?["runtime"];
        Assert.Equal("dotnet-isolated", Str(runtime?["name"]));
        Assert.Equal("10.0", Str(runtime?["version"]));

        var plan = Single("Microsoft.Web/serverfarms").Node;
        Assert.Equal("FC1", Str(plan["sku"]?["name"]));
        Assert.Equal("FlexConsumption", Str(plan["sku"]?["tier"]));
        Assert.Equal("functionapp,linux", Str(Site["kind"]));
    }

    [Fact]
    public void Flex_app_settings_leave_the_runtime_and_package_to_functionAppConfig()
    {
        // Flex Consumption rejects these: the runtime and the package live in functionAppConfig.
        string[] rejectedOnFlex =
        [
            "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE",
        ];
        var settings = template.AppSettings();

        Assert.DoesNotContain(settings.Select(s => s.Key), k => rejectedOnFlex.Contains(k, StringComparer.OrdinalIgnoreCase));
        var storage = Site["properties"]?["functionAppConfig"]?["deployment"]?["storage"];
        Assert.Equal("blobContainer", Str(storage?["type"]));
        Assert.Equal("UserAssignedIdentity", Str(storage?["authentication"]?["type"]));
    }

    [Fact]
    public void Function_app_is_https_only_with_tls_1_2_and_no_ftp()
    {
        var properties = Site["properties"]!;
        Assert.True(Bool(properties["httpsOnly"]));
        Assert.Equal("1.2", Str(properties["siteConfig"]?["minTlsVersion"]));
        Assert.Equal("1.2", Str(properties["siteConfig"]?["scmMinTlsVersion"]));
        Assert.Equal("Disabled", Str(properties["siteConfig"]?["ftpsState"]));
    }

    [Fact]
    public void Function_app_runs_as_a_user_assigned_managed_identity()
    {
        Assert.Equal("UserAssigned", Str(Site["identity"]?["type"]));
        Assert.Single(Site["identity"]?["userAssignedIdentities"]?.AsObject() ?? []);
        Assert.Single(ResourcesOfTypeDeclared("Microsoft.ManagedIdentity/userAssignedIdentities"));

        // Key Vault references resolve with that identity, as does the deployment container.
        var properties = Site["properties"]!;
        Assert.Equal("[parameters('identityResourceId')]", Str(properties["keyVaultReferenceIdentity"]));
        Assert.Equal(
            "[parameters('identityResourceId')]",
            Str(properties["functionAppConfig"]?["deployment"]?["storage"]?["authentication"]?["userAssignedIdentityResourceId"]));
    }

    [Fact]
    public void Both_storage_accounts_require_tls_1_2_https_and_entra_id_and_allow_no_public_blobs()
    {
        var accounts = ResourcesOfTypeDeclared("Microsoft.Storage/storageAccounts").ToList();
        Assert.NotEmpty(accounts);
        foreach (var account in accounts)
        {
            var p = account.Properties!;
            Assert.True("TLS1_2" == Str(p["minimumTlsVersion"]), $"{account}: minimumTlsVersion");
            Assert.True(Bool(p["allowBlobPublicAccess"]) == false, $"{account}: allowBlobPublicAccess");
            Assert.True(Bool(p["allowSharedKeyAccess"]) == false, $"{account}: allowSharedKeyAccess");
            Assert.True(Bool(p["supportsHttpsTrafficOnly"]) == true, $"{account}: supportsHttpsTrafficOnly");
        }

        // Two accounts: hub data, and the Functions runtime + Durable task hub.
        Assert.Equal(2, accounts.Count);
    }

    [Fact]
    public void Hub_storage_deletes_stray_claim_check_payloads_after_a_month_and_leaves_attachments_alone()
    {
        var hub = Assert.Single(template.ResourcesOfType("Microsoft.Resources/deployments"), d => d.Name == "hub-storage");
        Assert.Contains(ResourcesOf(NestedTemplate(hub)), r => r.Type == "Microsoft.Storage/storageAccounts/managementPolicies");
        var rules = hub.Node["properties"]?["parameters"]?["blobLifecycleRules"]?["value"] as JsonArray;
        var rule = Assert.Single(rules!)!;
        var prefixes = rule["definition"]!["filters"]!["prefixMatch"]!.AsArray().Select(p => Str(p)).ToList();
        var days = Str(rule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]);

        // The containers the deployed hub writes (Storage__Prefix is empty in Azure): payloads/{inbound,outbound}/…
        Assert.Equal(["payloads/inbound/", "payloads/outbound/"], prefixes);
        Assert.Equal("[variables('claimCheckStrayDays')]", days);
        Assert.Equal(30, template.Main["variables"]!["claimCheckStrayDays"]!.GetValue<int>());
    }

    private static IEnumerable<TemplateResource> ResourcesOf(JsonObject nested) =>
        (nested["resources"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(r => new TemplateResource(r, nested, null))
            .Concat((nested["resources"] as JsonObject)?.Select(kv => new TemplateResource((JsonObject)kv.Value!, nested, null)) ?? []);

    [Fact]
    public void Host_storage_and_the_durable_task_hub_use_the_managed_identity()
    {
        var settings = template.AppSettings();
        Assert.Equal("managedidentity", Str(settings["AzureWebJobsStorage__credential"]));
        foreach (var key in new[]
                 {
                     "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__clientId",
                     "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri",
                     "AzureWebJobsStorage__tableServiceUri", "TASKHUB_NAME",
                 })
        {
            Assert.False(string.IsNullOrEmpty(Str(settings[key])), $"{key} is not set");
        }

        Assert.Null(settings["AzureWebJobsStorage"]);
        Assert.Contains("identity", Str(settings["AzureWebJobsStorage__clientId"]), StringComparison.Ordinal);

        var hostJson = JsonNode.Parse(File.ReadAllText(RepoPaths.Of("host.json")))!;
        Assert.Equal("%TASKHUB_NAME%", Str(hostJson["extensions"]?["durableTask"]?["hubName"]));
    }

    [Fact]
    public void No_connection_string_or_account_key_reaches_the_app()
    {
        var settings = template.AppSettings();
        var connectionStrings = settings
            .Where(s => s.Key.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase) || s.Key.EndsWith("CONNECTION_STRING", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Key)
            .Where(k => k != "APPLICATIONINSIGHTS_CONNECTION_STRING");
        Assert.Empty(connectionStrings);
        Assert.DoesNotContain("AccountKey=", template.Text, StringComparison.OrdinalIgnoreCase);

        // Keys are read only to be put into Key Vault (the ACS access key), never into settings or outputs.
        var keyReaders = template.AllResources()
            .Where(r => r.Type != "Microsoft.Resources/deployments" && r.Node.ToJsonString().Contains("listKeys(", StringComparison.OrdinalIgnoreCase))
            .Where(r => !string.Equals(r.Type, "Microsoft.KeyVault/vaults/secrets", StringComparison.OrdinalIgnoreCase))
            .Select(r => r.ToString());
        Assert.Empty(keyReaders);
        var outputs = AllTemplates().SelectMany(t => t.template["outputs"]?.AsObject() ?? []).Select(o => o.Value!.ToJsonString());
        Assert.DoesNotContain(outputs, o => o.Contains("listKeys(", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Role_assignments_grant_only_storage_data_roles_and_key_vault_secrets_user()
    {
        var assignments = template.ResourcesOfType("Microsoft.Authorization/roleAssignments").ToList();
        Assert.NotEmpty(assignments);

        var granted = assignments.SelectMany(a => ResolveRoleIds(a).Select(id => (assignment: a, id))).ToList();
        Assert.All(granted, g => Assert.True(
            AllowedRoles.ContainsKey(g.id),
            $"{g.assignment} grants role {g.id} ({BroadRoles.GetValueOrDefault(g.id, "not a data role")})"));

        // Each storage account gets blob, queue and table data access; Key Vault gets Secrets User.
        var names = granted.Select(g => AllowedRoles[g.id]).ToHashSet();
        Assert.Contains("Storage Blob Data Owner", names);
        Assert.Contains("Storage Queue Data Contributor", names);
        Assert.Contains("Storage Table Data Contributor", names);
        Assert.Contains("Key Vault Secrets User", names);

        // Belt and braces: no broad role id appears anywhere in the template.
        foreach (var broad in BroadRoles)
        {
            Assert.False(template.Text.Contains(broad.Key, StringComparison.OrdinalIgnoreCase), $"{broad.Value} appears in the template");
        }
    }

    [Fact]
    public void Role_assignments_are_named_from_scope_principal_and_role_and_target_the_app_identity()
    {
        foreach (var assignment in template.ResourcesOfType("Microsoft.Authorization/roleAssignments"))
        {
            var name = assignment.Name;
            Assert.StartsWith("[guid(", name, StringComparison.Ordinal);
            Assert.Contains("resourceId(", name, StringComparison.Ordinal);
            Assert.Contains("PrincipalId')", name, StringComparison.OrdinalIgnoreCase);
            var role = RoleDefinitionArgument().Match(Str(assignment.Properties?["roleDefinitionId"]) ?? "").Groups[1].Value;
            Assert.Contains(role, name, StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", Str(assignment.Properties?["principalType"]));

            // The principal is the one identity of this deployment, handed down from main.bicep.
            var principalParam = Regex.Match(Str(assignment.Properties?["principalId"]) ?? "", @"^\[parameters\('(\w+)'\)\]$").Groups[1].Value;
            var handedDown = Str(assignment.Deployment?.Node["properties"]?["parameters"]?[principalParam]?["value"]);
            Assert.StartsWith("[reference(resourceId('Microsoft.Resources/deployments', 'identity')", handedDown, StringComparison.Ordinal);
            Assert.EndsWith(".outputs.principalId.value]", handedDown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Application_insights_sits_on_log_analytics_and_the_app_reports_to_it()
    {
        var appInsights = Single("Microsoft.Insights/components");
        Assert.Contains("Microsoft.OperationalInsights/workspaces", Str(appInsights.Properties?["WorkspaceResourceId"]), StringComparison.Ordinal);
        Assert.Contains("applicationInsightsConnectionString", Str(template.AppSettings()["APPLICATIONINSIGHTS_CONNECTION_STRING"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Key_vault_uses_rbac_and_keeps_soft_delete()
    {
        var vault = Single("Microsoft.KeyVault/vaults");
        Assert.True(Bool(vault.Properties?["enableRbacAuthorization"]));
        Assert.True(Bool(vault.Properties?["enableSoftDelete"]));
        Assert.Null(vault.Properties?["accessPolicies"]);
    }

    [Fact]
    public void Secret_settings_are_key_vault_references_and_no_secure_parameter_reaches_a_setting()
    {
        var settings = template.AppSettings();
        var secretLike = settings.Where(s => SecretLikeName().IsMatch(s.Key)).ToList();
        Assert.NotEmpty(secretLike);
        Assert.All(secretLike, s => Assert.True(
            Str(s.Value)?.Contains("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal) == true,
            $"{s.Key} must be a Key Vault reference, is {s.Value?.ToJsonString()}"));

        var secureParameters = template.Main["parameters"]!.AsObject()
            .Where(p => Str(p.Value?["type"]) is "securestring" or "secureObject" or "secureobject")
            .Select(p => p.Key)
            .ToList();
        Assert.NotEmpty(secureParameters);
        foreach (var setting in settings)
        {
            var value = Str(setting.Value) ?? "";
            foreach (var parameter in secureParameters)
            {
                // Only an emptiness test may look at a secret (to leave an unused provider off).
                var withoutEmptinessTests = value.Replace($"empty(parameters('{parameter}'))", "", StringComparison.Ordinal);
                Assert.False(
                    withoutEmptinessTests.Contains($"parameters('{parameter}')", StringComparison.Ordinal),
                    $"Setting {setting.Key} carries the secure parameter {parameter} in plain text");
            }
        }
    }

    [Fact]
    public void Acs_events_subscription_delivers_sms_events_to_the_hub_webhook_when_asked()
    {
        var subscription = Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        var types = subscription.Properties?["filter"]?["includedEventTypes"]?.AsArray().Select(Str).ToList();
        Assert.Equal(["Microsoft.Communication.SMSReceived", "Microsoft.Communication.SMSDeliveryReportReceived"], types);
        Assert.Equal("WebHook", Str(subscription.Properties?["destination"]?["endpointType"]));

        var module = subscription.Deployment!;
        Assert.Contains("/api/webhooks/acs/events?secret=", Str(module.Node["properties"]?["parameters"]?["endpointUrl"]?["value"]), StringComparison.Ordinal);
        Assert.Equal("[and(parameters('deployCommunicationServices'), parameters('subscribeAcsEvents'))]", Str(module.Node["condition"]));
        Assert.Equal("[parameters('deployCommunicationServices')]", Str(Single("Microsoft.Communication/communicationServices").Deployment!.Node["condition"]));
    }

    [Fact]
    public void Outputs_give_the_host_name_and_every_webhook_url()
    {
        var outputs = template.Main["outputs"]!.AsObject();
        Assert.Contains("defaultHostName", Str(outputs["FUNCTION_APP_HOST_NAME"]?["value"]), StringComparison.Ordinal);

        string[] webhooks =
        [
            "/api/webhooks/generic/{source}", "/api/webhooks/twilio/sms", "/api/webhooks/twilio/voice",
            "/api/webhooks/acs/events?secret=", "/api/webhooks/sendgrid/inbound/{secret}", "/api/webhooks/sendgrid/events",
            "/api/webhooks/intercom", "/api/webhooks/x", "/api/webhooks/meta", "/api/webhooks/bots/{platform}",
        ];
        // Output values are ARM format() expressions, in which a literal brace is doubled.
        var values = outputs
            .Select(o => (Str(o.Value?["value"]) ?? "").Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal))
            .Where(v => v.Contains("format('https://{0}', reference(resourceId('Microsoft.Resources/deployments', 'function-app')", StringComparison.Ordinal)
                        && v.Contains(".outputs.defaultHostName.value", StringComparison.Ordinal))
            .ToList();
        foreach (var path in webhooks)
        {
            Assert.True(values.Any(v => v.Contains($"'{{0}}{path}", StringComparison.Ordinal)), $"No output gives https://{{host}}{path}");
        }
    }

    [Fact]
    public void Every_parameter_and_output_has_a_description()
    {
        var missing =
            from t in AllTemplates()
            from section in new[] { "parameters", "outputs" }
            from entry in t.template[section]?.AsObject() ?? []
            where string.IsNullOrWhiteSpace(Str(entry.Value?["metadata"]?["description"]))
            select $"{t.name}: {section}.{entry.Key}";

        Assert.Empty(missing);
    }

    [Fact]
    public void Resource_names_come_from_one_resource_token()
    {
        Assert.Equal(
            "[uniqueString(subscription().id, resourceGroup().id, parameters('environmentName'))]",
            Str(template.Main["variables"]?["resourceToken"]));
        Assert.Single(Regex.Matches(template.Text, "uniqueString\\(").Cast<Match>());
    }

    private TemplateResource Single(string type) => Assert.Single(ResourcesOfTypeDeclared(type));

    /// <summary>Resources a template creates (not `existing` references).</summary>
    private IEnumerable<TemplateResource> ResourcesOfTypeDeclared(string type) =>
        template.ResourcesOfType(type).Where(r => Bool(r.Node["existing"]) != true);

    private IEnumerable<(string name, JsonObject template)> AllTemplates() =>
        new[] { ("main.bicep", template.Main) }
            .Concat(template.ResourcesOfType("Microsoft.Resources/deployments").Select(d => ($"module {d.Name}", NestedTemplate(d))));

    /// <summary>Role definition GUIDs an assignment can grant, followed through module parameters and variables.</summary>
    private static IEnumerable<string> ResolveRoleIds(TemplateResource assignment)
    {
        var roleDefinitionId = Str(assignment.Properties?["roleDefinitionId"]) ?? "";
        var inner = RoleDefinitionArgument().Match(roleDefinitionId);
        Assert.True(inner.Success, $"{assignment}: roleDefinitionId is not subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ...): {roleDefinitionId}");
        return Resolve($"[{inner.Groups[1].Value}]", assignment.Template, assignment.Deployment);
    }

    private static IEnumerable<string> Resolve(string expression, JsonObject scope, TemplateResource? deployment)
    {
        if (!expression.StartsWith('['))
        {
            return [expression];
        }

        var variable = VariableReference().Match(expression);
        if (variable.Success)
        {
            var value = scope["variables"]?[variable.Groups[1].Value];
            if (variable.Groups[2].Success)
            {
                value = value?[variable.Groups[2].Value];
            }

            return Resolve(Str(value) ?? throw new InvalidOperationException($"Cannot resolve {expression}"), scope, deployment);
        }

        var parameter = ParameterReference().Match(expression);
        if (parameter.Success && deployment is not null)
        {
            var handed = deployment.Node["properties"]?["parameters"]?[parameter.Groups[1].Value]?["value"];
            IEnumerable<JsonNode?> values = handed is JsonArray array ? array : [handed];
            return values.SelectMany(v => Resolve(Str(v) ?? throw new InvalidOperationException($"Cannot resolve {expression}"), deployment.Template, deployment.Deployment));
        }

        throw new InvalidOperationException($"Role id {expression} is neither a literal, a variable nor a parameter handed down by main.bicep.");
    }

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions',\s*(.+)\)\]$")]
    private static partial Regex RoleDefinitionArgument();

    [GeneratedRegex(@"^\[variables\('(\w+)'\)(?:\.(\w+))?\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[parameters\('(\w+)'\)(?:\[copyIndex\(\)\])?\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"(Secret|Token|Password|ApiKey|AccessKey)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();
}
