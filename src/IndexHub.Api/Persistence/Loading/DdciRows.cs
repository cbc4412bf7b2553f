namespace IndexHub.Api.Persistence.Loading;

/// <summary>DDCI: each province's own ranking of its departments and localities (data/press/ddci.csv).</summary>
public static class DdciRows
{
    public static void Read(RecordSink sink, string dataDirectory, string file)
    {
        foreach (var (origin, _) in sink.Rows(dataDirectory, file))
        {
            sink.Skipped.Add(new SkippedRow(origin, "DDCI units are not yet held"));
        }
    }
}
