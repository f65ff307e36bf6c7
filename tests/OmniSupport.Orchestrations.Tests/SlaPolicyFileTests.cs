using OmniSupport.Orchestrations.Policies;

namespace OmniSupport.Orchestrations.Tests;

public class SlaPolicyFileTests
{
    private static SlaPolicySet Sample() => SlaPolicyFile.Load(Path.Combine(AppContext.BaseDirectory, "sla-policies.sample.json"));

    [Fact]
    public void Sample_file_encodes_the_seed_cases()
    {
        var set = Sample();

        var x = set.Resolve("x", null)!;
        Assert.Equal(TimeSpan.FromMinutes(30), x.FirstResponse);
        Assert.Equal((EscalationActions.FollowUp, TimeSpan.Zero), (x.Escalations[0].Action, x.Escalations[0].After));
        Assert.Equal(["email"], x.Escalations[0].Channels);

        Assert.Equal(TimeSpan.FromHours(24), set.Resolve("email", null)!.FirstResponse);
        Assert.Equal(TimeSpan.FromMinutes(2), set.Resolve("chat", null)!.FirstResponse);

        var enterprise = set.Resolve("chat", "enterprise")!;
        Assert.Equal(TimeSpan.FromMinutes(5), enterprise.FirstResponse);
        Assert.Equal(EscalationActions.NotifySupervisor, enterprise.Escalations[0].Action);

        var sms = set.Resolve("sms", null)!;
        Assert.Equal(TimeSpan.FromHours(24), sms.FirstResponse);
        Assert.Equal(EscalationActions.CallTask, sms.Escalations[0].Action);

        Assert.Equal("default", set.Resolve("whatsapp", "free")!.Name);
        Assert.Equal(TimeSpan.FromHours(2), set.SurveyDelay);
    }

    [Fact]
    public void Tier_policy_wins_over_the_channel_policy()
    {
        var set = Sample();
        Assert.Equal("enterprise", set.Resolve("x", "Enterprise")!.Name);
        Assert.Equal("x", set.Resolve("x", "free")!.Name);
    }

    [Theory]
    [InlineData("""{"policies":[{"name":"a","firstResponse":"soon"}]}""", "policies[0].firstResponse")]
    [InlineData("""{"policies":[{"firstResponse":"5m"}]}""", "policies[0].name: required")]
    [InlineData("""{"policies":[{"name":"a","firstResponse":"5m","escalations":[{"after":"1m","action":"shout"}]}]}""", "policies[0].escalations[0].action: 'shout'")]
    [InlineData("""{"policies":[{"name":"a","firstResponse":"5m","escalations":[{"action":"follow-up"}]}]}""", "policies[0].escalations[0].channels")]
    [InlineData("""{"policies":[{"name":"a","firstResponse":"5m","escalations":[{"action":"notify-supervisor","sms":["555"]}]}]}""", "policies[0].escalations[0].sms[0]")]
    [InlineData("""{"policies":[{"name":"a","firstResponse":"5m","businessHours":{"timeZone":"Mars/Olympus","weekly":{"mon":"09:00-17:00"}}}]}""", "policies[0].businessHours.timeZone")]
    [InlineData("""{"policies":[{"name":"a","firstResponse":"5m","businessHours":{"timeZone":"UTC","weekly":{"mon":"17:00-09:00"}}}]}""", "policies[0].businessHours.weekly.mon")]
    [InlineData("""{"policies":[{"name":"a","firstResponse":"5m","businessHours":"office"}]}""", "policies[0].businessHours: no calendar named 'office'")]
    [InlineData("""{"policies":[{"name":"a","firstResponse":"5m"},{"name":"b","firstResponse":"5m"}]}""", "policies[1]: channel '*'")]
    [InlineData("""{"policies":[{"name":"a","firstResponse":"5m","escalations":[{"after":"5m","action":"call-task"},{"after":"1m","action":"call-task"}]}]}""", "policies[0].escalations[1].after")]
    [InlineData("""{"policies":{}}""", "policies: required")]
    public void Invalid_file_is_refused_with_the_bad_field_named(string json, string expected)
    {
        var ex = Assert.Throws<SlaPolicyException>(() => SlaPolicyFile.Parse(json));
        Assert.Contains(ex.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_with_several_mistakes_of_every_kind_has_each_named_by_its_path()
    {
        var json = """
            {
              "surveyDelay": 7,
              "businessHours": { "office": { "timeZone": "UTC", "weekly": { "mon": 9 } } },
              "policies": [
                { "name": 5, "firstResponse": "soon", "clockStopsOutsideHours": "yes" },
                { "name": "b", "firstResponse": "5m", "escalations": { "after": "1m" } },
                { "name": "c", "channel": "sms", "firstResponse": "5m", "escalations": [ 3, { "action": "requeue", "priority": "high", "email": [1] } ] },
                "not a policy"
              ]
            }
            """;

        var ex = Assert.Throws<SlaPolicyException>(() => SlaPolicyFile.Parse(json));

        string[] expected =
        [
            "surveyDelay: '(number)' is not a duration",
            "businessHours.office.weekly.mon: '' is not a range",
            "policies[0].name: must be a non-empty string",
            "policies[0].firstResponse: 'soon' is not a duration",
            "policies[0].clockStopsOutsideHours: must be true or false",
            "policies[1].escalations: must be an array",
            "policies[2].escalations[0]: must be an object",
            "policies[2].escalations[1].priority: must be a whole number from 0 to 100",
            "policies[2].escalations[1].email: must be a string or an array of strings",
            "policies[3]: must be an object",
        ];
        foreach (var problem in expected)
        {
            Assert.Contains(ex.Errors, e => e.StartsWith(problem, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Options_validation_names_the_file_and_the_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sla-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"policies":[{"name":"a","firstResponse":"5 minutes"}]}""");
        try
        {
            var result = new SlaOptionsValidator().Validate(null, new SlaOptions { PolicyFile = path });
            Assert.True(result.Failed);
            Assert.Contains("policies[0].firstResponse", result.FailureMessage, StringComparison.Ordinal);
            Assert.Contains(path, result.FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_routing_rule_naming_a_policy_the_file_lacks_stops_the_start_naming_the_rule_and_the_policies_there_are()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "sla-policies.sample.json");
        var names = Names(new SlaOptions { PolicyFile = file });
        OmniSupport.Core.Routing.RoutingOptions Rules(string? policy) => new()
        {
            Rules = [new() { Name = "vip", Queue = "vip", SlaPolicy = "enterprise" }, new() { Name = "tier-1", Queue = "bot", SlaPolicy = policy }],
        };

        var result = names.Validate(null, Rules("standard"));
        Assert.True(result.Failed);
        Assert.Contains("Routing:Rules:1:SlaPolicy ('tier-1') is 'standard'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("enterprise", result.FailureMessage, StringComparison.Ordinal);

        Assert.True(names.Validate(null, Rules(null)).Succeeded); // no policy named: the channel's applies
        Assert.True(names.Validate(null, Rules("SMS")).Succeeded); // names match as the engine matches them, ignoring case
        Assert.True(Names(new SlaOptions()).Validate(null, Rules("standard")).Succeeded); // no file, nothing to check
    }

    [Fact]
    public void The_sample_settings_routing_rules_name_only_policies_of_the_sample_policy_file()
    {
        var values = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(OmniSupport.TestUtilities.RepositoryRoot.Find(), "local.settings.sample.json")))
            .RootElement.GetProperty("Values");
        var named = values.EnumerateObject().Where(p => p.Name.StartsWith("Routing__Rules__", StringComparison.Ordinal) && p.Name.EndsWith("__SlaPolicy", StringComparison.Ordinal))
            .Select(p => p.Value.GetString()).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, n => Assert.NotNull(Sample().Named(n)));
    }

    private static RoutingPolicyNames Names(SlaOptions sla)
    {
        var options = Microsoft.Extensions.Options.Options.Create(sla);
        return new RoutingPolicyNames(options, new SlaPolicyProvider(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<SlaPolicyProvider>.Instance));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("24h", 86400)]
    [InlineData("2d", 172800)]
    [InlineData("00:00:05", 5)]
    public void Durations_read_in_ops_friendly_units(string text, int seconds)
    {
        Assert.True(SlaPolicyFile.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }
}

public class BusinessClockTests
{
    private static readonly BusinessHours Office = Policies.NewYorkOffice;

    [Fact]
    public void Time_inside_hours_counts_as_is()
    {
        var tuesdayTen = new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
        Assert.Equal(tuesdayTen.AddHours(3), BusinessClock.Add(tuesdayTen, TimeSpan.FromHours(3), Office));
    }

    [Fact]
    public void A_message_at_night_starts_counting_at_opening()
    {
        var tuesdayEleventhPm = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero); // 23:00 Tuesday in New York
        var wednesdayNineThirty = new DateTimeOffset(2026, 11, 25, 14, 30, 0, TimeSpan.Zero);
        Assert.Equal(wednesdayNineThirty, BusinessClock.Add(tuesdayEleventhPm, TimeSpan.FromMinutes(30), Office));
    }

    [Fact]
    public void Holidays_are_closed_all_day()
    {
        var christmasEveFourPm = new DateTimeOffset(2026, 12, 24, 21, 0, 0, TimeSpan.Zero); // Thursday 16:00
        var saturdayAfter = BusinessClock.Add(christmasEveFourPm, TimeSpan.FromHours(2), Office);
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 15, 0, 0, TimeSpan.Zero), saturdayAfter); // Monday 10:00 (Friday is Christmas)
    }

    [Fact]
    public void Daylight_saving_change_keeps_local_opening_hours()
    {
        var fridayBeforeDst = new DateTimeOffset(2026, 3, 6, 21, 0, 0, TimeSpan.Zero); // Friday 16:00 EST; DST starts Sunday 8 March
        var mondayTenEdt = new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero);
        Assert.Equal(mondayTenEdt, BusinessClock.Add(fridayBeforeDst, TimeSpan.FromHours(2), Office));
    }

    [Fact]
    public void Policy_that_does_not_stop_the_clock_counts_wall_time()
    {
        var policy = new SlaPolicy { Name = "p", FirstResponse = TimeSpan.FromHours(1), NextResponse = TimeSpan.FromHours(1), Hours = Office, ClockStopsOutsideHours = false };
        var saturday = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(saturday.AddHours(5), BusinessClock.Add(saturday, TimeSpan.FromHours(5), policy));
    }
}
