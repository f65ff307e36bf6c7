using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>One Azurite for the whole assembly (xunit wants the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
