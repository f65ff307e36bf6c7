using OmniSupport.Core.Analytics;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Tests;

public sealed class JourneyMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A resolved journey summary as the resolve path leaves it.</summary>
    private static JourneyRecord Journey(string id, string path, int contacts, double resolutionSeconds, double? firstResponseSeconds = null,
        string customer = "cus_1", bool? slaMet = null, int? csat = null, bool? hadToRepeat = null, TimeSpan? repeatAfter = null)
    {
        var resolvedAt = T0.AddSeconds(resolutionSeconds);
        return new JourneyRecord
        {
            ConversationId = id,
            JourneyId = id,
            CustomerId = customer,
            OpenedAt = T0,
            ResolvedAt = resolvedAt,
            Path = path,
            Contacts = contacts,
            ChannelSwitches = path.Count(c => c == '>'),
            ResolutionSeconds = resolutionSeconds,
            FirstResponseSeconds = firstResponseSeconds,
            SlaMet = slaMet,
            Csat = csat,
            HadToRepeat = hadToRepeat,
            RepeatContactAt = repeatAfter is null ? null : resolvedAt + repeatAfter,
        };
    }

    [Fact]
    public void Nearest_rank_percentiles_are_values_that_occurred_and_the_median_of_an_even_count_is_the_lower_middle()
    {
        double[] values = [40, 10, 30, 20];

        Assert.Equal(20, JourneyMetrics.Percentile(values, 50));
        Assert.Equal(40, JourneyMetrics.Percentile(values, 90));
        Assert.Equal(10, JourneyMetrics.Percentile(values, 1));
        Assert.Equal(7, JourneyMetrics.Percentile([7], 90));
        Assert.Null(JourneyMetrics.Percentile([], 50));
        Assert.Equal(9, JourneyMetrics.Percentile(Enumerable.Range(1, 10).Select(i => (double)i).ToList(), 90));
        Assert.Equal(10, JourneyMetrics.Percentile(Enumerable.Range(1, 11).Select(i => (double)i).ToList(), 90));
    }

    [Fact]
    public void First_contact_resolution_needs_one_contact_and_no_repeat_within_seven_days()
    {
        var journeys = new[]
        {
            Journey("a", "email", 1, 600),
            Journey("b", "sms", 1, 600, repeatAfter: TimeSpan.FromHours(30)),
            Journey("c", "chat>voice", 2, 600),
            Journey("d", "email", 1, 600, repeatAfter: TimeSpan.FromDays(8)), // outside the window: not a repeat
        };

        var result = JourneyMetrics.Compute(journeys, T0, T0.AddDays(30), 10);

        Assert.Equal(0.5, result.FirstContactResolutionRate);
        Assert.Equal(new RepeatRates(0, 0.25, 0.25), result.RepeatContactRate);
    }

    [Fact]
    public void Metrics_over_known_journeys_are_exact()
    {
        var journeys = new[]
        {
            Journey("j1", "chat>voice>email", 3, 7200, 120, "cus_ana", slaMet: false, csat: 2, hadToRepeat: true),
            Journey("j2", "email", 1, 1800, 900, "cus_ben", slaMet: true, csat: 5, hadToRepeat: false),
            Journey("j3", "sms", 1, 600, 60, "cus_cy", slaMet: true, repeatAfter: TimeSpan.FromHours(30)),
            Journey("j4", "chat", 2, 3600, 300, "cus_dee", slaMet: true),
            Journey("j5", "email", 1, 1200, null, "cus_ben"),
        };

        var result = JourneyMetrics.Compute(journeys, T0, T0.AddDays(30), 10);

        Assert.Equal(5, result.ResolvedJourneys);
        Assert.Equal(4, result.UniqueCustomers);
        Assert.Equal(0.4, result.FirstContactResolutionRate); // j2, j5
        Assert.Equal(new Distribution(1.6, 1, 3), result.ContactsPerResolution); // sorted 1,1,1,2,3
        Assert.Equal(0.2, result.ChannelSwitchRate);
        Assert.Equal(new RepeatRates(0, 0.2, 0.2), result.RepeatContactRate);
        Assert.Equal(new Percentiles(120, 900), result.TimeToFirstResponseSeconds); // 60,120,300,900
        Assert.Equal(new Percentiles(1800, 7200), result.TimeToResolutionSeconds); // 600,1200,1800,3600,7200
        Assert.Equal(0.75, result.SlaMetRate); // j5 has no SLA row: not counted

        Assert.Equal(["email", "chat", "chat>voice>email", "sms"], result.TopPaths.Select(p => p.Path));
        var email = result.TopPaths[0];
        Assert.Equal(new PathLine("email", 2, 0.4, 1, 1200, 0, 5, 0), email);
        Assert.Equal(new PathLine("chat>voice>email", 1, 0.2, 3, 7200, 0, 2, 1), result.TopPaths[2]);
        Assert.Equal(new PathLine("sms", 1, 0.2, 1, 600, 1, null, null), result.TopPaths[3]);
    }

    [Fact]
    public void Sankey_links_count_journeys_by_step_position_and_small_paths_go_through_other()
    {
        var journeys = new[]
        {
            Journey("j1", "chat>voice>email", 3, 60),
            Journey("j2", "chat>voice>email", 3, 60),
            Journey("j3", "chat>email", 2, 60),
            Journey("j4", "email", 1, 60),
            Journey("j5", "sms>chat", 2, 60),
        };

        var result = JourneyMetrics.Compute(journeys, T0, T0.AddDays(1), top: 2);

        Assert.Equal(["chat>voice>email", "chat>email"], result.TopPaths.Select(p => p.Path));
        Assert.Equal(["chat#1", "other#1", "email#2", "other#2", "voice#2", "email#3", "resolved"], result.Sankey.Nodes.Select(n => n.Name));
        Assert.Equal(
            [
                new SankeyLink("chat#1", "email#2", 1),
                new SankeyLink("chat#1", "voice#2", 2),
                new SankeyLink("other#1", "other#2", 1),
                new SankeyLink("other#1", "resolved", 1),
                new SankeyLink("email#2", "resolved", 1),
                new SankeyLink("other#2", "resolved", 1),
                new SankeyLink("voice#2", "email#3", 2),
                new SankeyLink("email#3", "resolved", 2),
            ],
            result.Sankey.Links);
    }

    [Fact]
    public void An_empty_window_has_zero_counts_and_null_rates()
    {
        var result = JourneyMetrics.Compute([], T0, T0.AddDays(1), 10);

        Assert.Equal(0, result.ResolvedJourneys);
        Assert.Null(result.FirstContactResolutionRate);
        Assert.Equal(new Distribution(null, null, null), result.ContactsPerResolution);
        Assert.Empty(result.TopPaths);
        Assert.Empty(result.Sankey.Nodes);
        Assert.Empty(result.Sankey.Links);
    }
}

public sealed class JourneyRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static JourneyRecord Record() => new() { ConversationId = "cnv_1", JourneyId = "cnv_1", CustomerId = "cus_1", OpenedAt = T0 };

    [Fact]
    public void The_path_collapses_repeated_inbound_channels_and_switches_count_its_changes()
    {
        var record = Record();
        record.AddStep("e1", T0, "chat", Direction.Inbound, JourneyKinds.Message);
        record.AddStep("e2", T0.AddMinutes(1), "chat", Direction.Inbound, JourneyKinds.Message);
        record.AddStep("e3", T0.AddMinutes(2), "email", Direction.Outbound, "reply");
        record.AddStep("e4", T0.AddMinutes(5), "voice", Direction.Inbound, JourneyKinds.Message);
        record.AddStep("e5", T0.AddMinutes(9), "email", Direction.Inbound, JourneyKinds.Message);
        record.AddStep("e6", T0.AddMinutes(10), "email", Direction.Inbound, RecordJourneySurvey.Kind);

        Assert.Equal("chat>voice>email", record.Path);
        Assert.Equal(4, record.Contacts);
        Assert.Equal(2, record.ChannelSwitches);
        Assert.Equal(1, record.AgentReplies);
        Assert.Equal(120, record.FirstResponseSeconds);
    }

    [Fact]
    public void A_step_recorded_twice_keeps_its_number_and_counts_once()
    {
        var record = Record();
        var first = record.AddStep("e1", T0, "chat", Direction.Inbound, JourneyKinds.Message);
        var second = record.AddStep("e2", T0.AddMinutes(1), "voice", Direction.Inbound, JourneyKinds.Handoff);

        var again = record.AddStep("e1", T0, "chat", Direction.Inbound, JourneyKinds.Message);

        Assert.Equal(first, again);
        Assert.Equal(new JourneyStep("cnv_1", 1, "chat", null, Direction.Inbound, false), first);
        Assert.Equal(new JourneyStep("cnv_1", 2, "voice", "chat", Direction.Inbound, true), second);
        Assert.Equal(2, record.Contacts);
        Assert.Equal(1, record.Handoffs);
    }

    [Fact]
    public void A_refused_reply_is_a_step_but_not_an_answer()
    {
        var record = Record();
        record.AddStep("e1", T0, "sms", Direction.Inbound, JourneyKinds.Message);
        record.AddStep("e2", T0.AddMinutes(1), "sms", Direction.Outbound, "reply", failed: true);

        Assert.Equal(0, record.AgentReplies);
        Assert.Null(record.FirstResponseSeconds);
    }

    [Fact]
    public void A_repeat_contact_continues_the_journey_numbering()
    {
        var repeat = new JourneyRecord { ConversationId = "cnv_2", JourneyId = "cnv_1", RepeatOf = "cnv_1", StepOffset = 3, OffsetChannel = "sms", CustomerId = "cus_1", OpenedAt = T0 };

        var step = repeat.AddStep("e9", T0, "email", Direction.Inbound, JourneyKinds.Message);

        Assert.Equal(new JourneyStep("cnv_1", 4, "email", "sms", Direction.Inbound, true), step);
    }

    [Fact]
    public void Repeat_windows_are_measured_from_the_resolution()
    {
        var record = Record();
        record.ResolvedAt = T0.AddHours(1);
        record.RepeatContactAt = T0.AddHours(1 + 24);

        Assert.True(record.RepeatWithin24h);
        Assert.True(record.RepeatWithin48h);
        Assert.True(record.RepeatWithin7d);

        record.RepeatContactAt = T0.AddHours(1 + 24).AddSeconds(1);
        Assert.False(record.RepeatWithin24h);
        Assert.True(record.RepeatWithin48h);
    }

    [Fact]
    public void Step_metadata_round_trips_through_the_timeline_event()
    {
        var step = new JourneyStep("cnv_1", 3, "voice", "chat", Direction.Inbound, true);
        var metadata = new Dictionary<string, string>();

        step.WriteTo(metadata);

        Assert.Equal(step, JourneyStep.ReadFrom(metadata));
        Assert.True(step.IsOn(metadata));
        Assert.Equal("3", metadata["journey_step"]);
        Assert.Equal("true", metadata["journey_switched_channel"]);
    }
}
