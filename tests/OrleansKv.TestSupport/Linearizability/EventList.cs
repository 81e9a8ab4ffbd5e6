namespace OrleansKv.TestSupport.Linearizability;

/// <summary>
/// The search's doubly linked list of call and return events in time order, behind a head
/// sentinel. Lifting a call unlinks it and its return (the operation is linearized); unlifting
/// relinks both in reverse order, which restores the list exactly.
/// </summary>
internal static class EventList
{
    public sealed class Entry
    {
        public int Operation { get; init; }

        public bool IsCall { get; init; }

        public Entry? Return { get; set; }

        public Entry? Previous { get; set; }

        public Entry? Next { get; set; }

        public void Lift()
        {
            Previous!.Next = Next;
            Next!.Previous = Previous;
            var match = Return!;
            match.Previous!.Next = match.Next;
            if (match.Next is not null)
            {
                match.Next.Previous = match.Previous;
            }
        }

        public void Unlift()
        {
            var match = Return!;
            match.Previous!.Next = match;
            if (match.Next is not null)
            {
                match.Next.Previous = match;
            }

            Previous!.Next = this;
            Next!.Previous = this;
        }
    }

    public static Entry Build<TInput, TOutput>(IReadOnlyList<HistoryOperation<TInput, TOutput>> operations)
    {
        var events = new List<(long Time, bool IsCall, int Operation)>(operations.Count * 2);
        for (var i = 0; i < operations.Count; i++)
        {
            events.Add((operations[i].Call, true, i));
            events.Add((operations[i].Return, false, i));
        }

        // Closed intervals: at equal times a call sorts before a return, so they overlap.
        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : b.IsCall.CompareTo(a.IsCall));
        var head = new Entry { Operation = -1 };
        var calls = new Entry[operations.Count];
        var last = head;
        foreach (var (_, isCall, operation) in events)
        {
            var entry = new Entry { Operation = operation, IsCall = isCall, Previous = last };
            last.Next = entry;
            last = entry;
            if (isCall)
            {
                calls[operation] = entry;
            }
            else
            {
                calls[operation].Return = entry;
            }
        }

        return head;
    }
}
