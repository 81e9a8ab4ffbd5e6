using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using OrleansKv.Consistency;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Silo.Tracing;

namespace OrleansKv.UnitTests.Tracing;

public sealed class TracingSettingsTests
{
    [Theory]
    [InlineData(null, null, null, false)]
    [InlineData("http://collector:4317", null, null, true)]
    [InlineData(null, "http://collector:4318", null, true)]
    [InlineData("http://collector:4317", null, "true", false)]
    public void Tracing_is_on_only_with_an_OTLP_endpoint_in_the_standard_variable_or_the_setting_and_the_SDK_not_disabled(
        string? environmentEndpoint, string? setting, string? sdkDisabled, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = environmentEndpoint,
            ["OTEL_SDK_DISABLED"] = sdkDisabled,
        }).Build();

        Assert.Equal(expected, NodeTracing.IsEnabled(configuration, new TracingOptions { OtlpEndpoint = setting }));
    }

    [Theory]
    [InlineData("http://collector:4318", OtlpExportProtocol.HttpProtobuf, "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/custom/traces", OtlpExportProtocol.HttpProtobuf, "http://collector:4318/custom/traces")]
    [InlineData("http://collector:4317", OtlpExportProtocol.Grpc, "http://collector:4317/")]
    public void A_base_URL_for_OTLP_over_HTTP_gets_the_traces_path_as_the_environment_variable_would(string endpoint, OtlpExportProtocol protocol, string expected) =>
        Assert.Equal(expected, NodeTracing.TracesEndpoint(new Uri(endpoint), protocol).ToString());

    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.HttpRequestIn", ActivityKind.Server, true)]
    [InlineData("kv.IRingCoordinatorGrain/PutAsync", ActivityKind.Server, true)]
    [InlineData(KvTracing.Repair, ActivityKind.Internal, true)]
    [InlineData("IClockGrain/SampleAsync", ActivityKind.Client, false)]
    [InlineData("IClockGrain/SampleAsync", ActivityKind.Server, false)]
    [InlineData("IMembershipTable/ReadAll", ActivityKind.Server, false)]
    public void A_node_starts_traces_for_requests_and_its_own_background_work_but_not_for_grain_call_chatter(string name, ActivityKind kind, bool sampled)
    {
        var decision = NodeSampler.Create(1.0).ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), name, kind));

        Assert.Equal(sampled ? SamplingDecision.RecordAndSample : SamplingDecision.Drop, decision.Decision);
    }

    [Theory]
    [InlineData(ActivityTraceFlags.Recorded, SamplingDecision.RecordAndSample)]
    [InlineData(ActivityTraceFlags.None, SamplingDecision.Drop)]
    public void A_grain_call_inside_a_trace_follows_its_callers_sampling_decision(ActivityTraceFlags callerFlags, SamplingDecision expected)
    {
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), callerFlags, isRemote: true);

        var decision = NodeSampler.Create(1.0).ShouldSample(new SamplingParameters(caller, caller.TraceId, "IClockGrain/SampleAsync", ActivityKind.Server));

        Assert.Equal(expected, decision.Decision);
    }

    [Fact]
    public void With_nothing_listening_the_node_starts_no_span()
    {
        Assert.Null(KvTracing.StartCoordinator(RequestOperation.Put, ConsistencyLevel.Quorum));
        Assert.Null(KvTracing.StartReplicaCall(RequestOperation.Apply, "node2", parent: null));
        Assert.Null(KvTracing.StartBackground(KvTracing.Repair));
    }
}
