using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using OmniSupport.Functions.Triggers;
using OmniSupport.Orchestrations.Signals;
using OmniSupport.Server.Durable;
using CoreStatus = DurableTask.Core.OrchestrationStatus;

namespace OmniSupport.Functions.Tests;

/// <summary>One start rule for an SLA or reminder instance in both hosts: an id that exists, in any state, is not started again.</summary>
public sealed class InstanceStartRuleTests
{
    [Fact]
    public void Both_hosts_read_each_runtime_status_as_the_same_instance_state()
    {
        foreach (var status in Enum.GetValues<OrchestrationRuntimeStatus>())
        {
            if (Enum.TryParse<CoreStatus>(status.ToString(), out var core))
            {
                Assert.Equal(InstanceStartRule.StateOf(status.ToString()), InstanceStartRule.StateOf(core.ToString()));
            }
        }

        Assert.Equal(SlaInstanceState.Active, InstanceStartRule.StateOf(nameof(OrchestrationRuntimeStatus.Suspended)));
        Assert.Equal(SlaInstanceState.Ended, InstanceStartRule.StateOf(nameof(OrchestrationRuntimeStatus.Completed)));
        Assert.Equal(SlaInstanceState.Ended, InstanceStartRule.StateOf(nameof(OrchestrationRuntimeStatus.Failed)));
        Assert.Equal(SlaInstanceState.None, InstanceStartRule.StateOf(null));
    }

    [Fact]
    public void The_servers_backend_refuses_a_start_over_an_instance_in_any_state()
    {
        Assert.Equal(Enum.GetValues<CoreStatus>().Order(), TaskHubStarts.DedupeStatuses().Order());
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    public async Task The_functions_client_does_not_start_over_an_existing_instance(OrchestrationRuntimeStatus existing)
    {
        var client = new Mock<DurableTaskClient>("test") { CallBase = true }; // the overloads the client calls forward to the abstract ones
        client.Setup(c => c.GetInstanceAsync("sla-cnv_1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("SlaOrchestrator", "sla-cnv_1") { RuntimeStatus = existing });

        var started = await DurableClientStarts.TryStartAsync(client.Object, "SlaOrchestrator", "sla-cnv_1", "input", default);

        Assert.False(started);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_functions_client_starts_an_instance_that_does_not_exist()
    {
        var client = new Mock<DurableTaskClient>("test") { CallBase = true }; // the overloads the client calls forward to the abstract ones
        client.Setup(c => c.GetInstanceAsync("sla-cnv_2", false, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync("sla-cnv_2");

        Assert.True(await DurableClientStarts.TryStartAsync(client.Object, "SlaOrchestrator", "sla-cnv_2", "input", default));
    }
}
