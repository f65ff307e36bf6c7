using System.Globalization;

namespace OmniSupport.Core.Analytics;

/// <summary>
/// Where one inbound or outbound timeline event stands in its journey: the journey's id (the id of the
/// journey's first conversation), the event's step number (1-based, over every inbound and outbound
/// event of the journey, repeat conversations included), its channel, the channel of the step before
/// it (any direction; null on step 1), its direction, and whether it changed channel from that step.
/// Carried on the event as flat metadata (<see cref="Keys"/>), so the timeline API shows it as is.
/// </summary>
public sealed record JourneyStep(string JourneyId, int Step, string Channel, string? PreviousChannel, string Direction, bool SwitchedChannel)
{
    public static class Keys
    {
        public const string JourneyId = "journey_id";
        public const string Step = "journey_step";
        public const string Channel = "journey_channel";
        public const string PreviousChannel = "journey_previous_channel";
        public const string Direction = "journey_direction";
        public const string SwitchedChannel = "journey_switched_channel";
    }

    public void WriteTo(IDictionary<string, string> metadata)
    {
        metadata[Keys.JourneyId] = JourneyId;
        metadata[Keys.Step] = Step.ToString(CultureInfo.InvariantCulture);
        metadata[Keys.Channel] = Channel;
        if (PreviousChannel is not null)
        {
            metadata[Keys.PreviousChannel] = PreviousChannel;
        }

        metadata[Keys.Direction] = Direction;
        metadata[Keys.SwitchedChannel] = SwitchedChannel ? "true" : "false";
    }

    /// <summary>True when the metadata already carries this step (an in-place update need not write it again).</summary>
    public bool IsOn(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(Keys.JourneyId, out var id) && id == JourneyId
        && metadata.TryGetValue(Keys.Step, out var step) && step == Step.ToString(CultureInfo.InvariantCulture);

    public static JourneyStep? ReadFrom(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(Keys.JourneyId, out var id)
            || !metadata.TryGetValue(Keys.Step, out var stepText)
            || !int.TryParse(stepText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
            || !metadata.TryGetValue(Keys.Channel, out var channel)
            || !metadata.TryGetValue(Keys.Direction, out var direction))
        {
            return null;
        }

        return new JourneyStep(id, step, channel, metadata.GetValueOrDefault(Keys.PreviousChannel), direction,
            metadata.GetValueOrDefault(Keys.SwitchedChannel) == "true");
    }
}
