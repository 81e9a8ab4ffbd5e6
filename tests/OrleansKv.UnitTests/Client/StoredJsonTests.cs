using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKv.Client;

namespace OrleansKv.UnitTests.Client;

/// <summary>The one value model the HTTP API, the shell and the client share.</summary>
public sealed class StoredJsonTests
{
    [Fact]
    public void A_value_is_stored_as_compact_json_with_non_ascii_text_as_is()
    {
        using var document = JsonDocument.Parse("{ \"a\" : [1, \"é <&>\"], \"b\": null }");

        Assert.Equal("{\"a\":[1,\"é <&>\"],\"b\":null}", Encoding.UTF8.GetString(StoredJson.ToStored(document.RootElement)));
    }

    [Fact]
    public void A_string_is_stored_as_the_json_string_that_holds_it()
    {
        Assert.Equal("\"say \\\"zoë\\\"\"", Encoding.UTF8.GetString(StoredJson.ToStoredString("say \"zoë\"")));
    }

    [Theory]
    [InlineData("\"42\"")]
    [InlineData("42")]
    [InlineData("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":\"é\"}}")]
    [InlineData("\"zoë 日本 🎉\"")]
    public void A_stored_value_reads_back_as_the_same_json_value(string json)
    {
        using var document = JsonDocument.Parse(json);

        var read = StoredJson.ToJson(StoredJson.ToStored(document.RootElement));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(read.GetRawText())), read.GetRawText());
    }

    [Fact]
    public void Bytes_that_are_not_json_read_as_a_string_of_their_text_or_else_their_base64()
    {
        Assert.Equal("plain text", StoredJson.ToJson("plain text"u8.ToArray()).GetString());
        Assert.Equal("//4A", StoredJson.ToJson([0xff, 0xfe, 0x00]).GetString());
    }

    [Fact]
    public void The_text_of_a_stored_value_shows_emoji_as_is_and_escapes_only_what_json_requires()
    {
        var stored = StoredJson.ToStoredString("🎉 \"q\" \\ \n \u0001");

        Assert.Equal("\"🎉 \\\"q\\\" \\\\ \\n \\u0001\"", StoredJson.ToJsonText(stored));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("1 2")]
    [InlineData("")]
    public void Bytes_that_are_not_exactly_one_json_document_have_no_json_text(string bytes)
    {
        Assert.Null(StoredJson.ToJsonText(Encoding.UTF8.GetBytes(bytes)));
    }

    [Theory]
    [InlineData("{\"a\":1}", true)]
    [InlineData(" 42 ", true)]
    [InlineData("\"x\"", true)]
    [InlineData("1 2", false)]
    [InlineData("", false)]
    [InlineData("{\"a\":1} // comment", false)]
    [InlineData("{\"a\":", false)]
    public void Only_exactly_one_json_document_is_a_value(string utf8Json, bool accepted)
    {
        var check = Record.Exception(() => StoredJson.EnsureDocument(Encoding.UTF8.GetBytes(utf8Json)));

        Assert.Equal(accepted, check is null);
        Assert.True(check is null or ArgumentException, check?.ToString());
    }
}
