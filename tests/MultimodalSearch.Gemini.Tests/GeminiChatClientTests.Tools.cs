using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>Function calling: declarations, calls, results and the thoughtSignature round trip.</summary>
public abstract partial class GeminiChatClientTests
{
    [Fact]
    public async Task Function_calling_round_trip_invokes_the_function_and_returns_its_result_with_the_thought_signature()
    {
        Server.Reply(
            Replies.Json(GeminiResponses.Parts(
            [
                new JsonObject
                {
                    ["functionCall"] = new JsonObject { ["name"] = "find_products", ["args"] = new JsonObject { ["category"] = "jacket", ["count"] = 2 } },
                    ["thoughtSignature"] = "c2lnbmF0dXJlLTE=",
                },
            ])),
            Replies.Json(GeminiResponses.Text("Here are two jackets.")));
        var invocations = new List<string>();
        var findProducts = AIFunctionFactory.Create(
            (string category, int count) =>
            {
                invocations.Add($"{category}:{count}");
                return new Dictionary<string, object> { ["found"] = count, ["category"] = category };
            },
            "find_products",
            "Finds products in a catalog category.");
        using var client = CreateClient().AsBuilder().UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync("Find two jackets.", new ChatOptions { Tools = [findProducts] });

        Assert.Equal("Here are two jackets.", response.Text);
        Assert.Equal(["jacket:2"], invocations);
        Assert.Equal(2, Server.Requests.Count);
        foreach (var request in Server.Requests)
        {
            var declaration = Node(request.Json["tools"]![0]!["functionDeclarations"]![0]);
            Assert.Equal("find_products", (string?)declaration["name"]);
            Assert.Equal("Finds products in a catalog category.", (string?)declaration["description"]);
            Assert.Equal("string", (string?)declaration["parametersJsonSchema"]!["properties"]!["category"]!["type"]);
            Assert.Equal("integer", (string?)declaration["parametersJsonSchema"]!["properties"]!["count"]!["type"]);
        }

        var contents = Node(Server.Requests[1].Json["contents"]).AsArray();
        Assert.Equal(["user", "model", "user"], contents.Select(c => (string?)c!["role"]));
        var call = Node(contents[1]!["parts"]![0]);
        Assert.Equal("c2lnbmF0dXJlLTE=", (string?)call["thoughtSignature"]);
        Assert.Equal("find_products", (string?)call["functionCall"]!["name"]);
        Assert.Equal("jacket", (string?)call["functionCall"]!["args"]!["category"]);
        Assert.Equal(2, (int)call["functionCall"]!["args"]!["count"]!);

        // Gemini sent no id, so none goes back: an id Gemini never issued would not match anything.
        Assert.Null(call["functionCall"]!["id"]);
        var result = Node(contents[2]!["parts"]![0]!["functionResponse"]);
        Assert.Equal("find_products", (string?)result["name"]);
        Assert.Null(result["id"]);
        Assert.Equal(2, (int)result["response"]!["found"]!);
        Assert.Equal("jacket", (string?)result["response"]!["category"]);
    }

    [Fact]
    public async Task Function_call_with_an_id_maps_to_tool_calls_and_the_id_goes_back_with_the_result()
    {
        Server.Reply(
            Replies.Json(GeminiResponses.Parts(
            [
                new JsonObject { ["functionCall"] = new JsonObject { ["id"] = "call-7", ["name"] = "get_weather", ["args"] = new JsonObject { ["city"] = "Paris" } } },
            ])),
            Replies.Json(GeminiResponses.Text("Sunny, so a light jacket.")));
        var client = CreateClient();
        var tool = AIFunctionFactory.Create((string city) => "sunny", "get_weather");
        var options = new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireSpecific("get_weather") };
        List<ChatMessage> conversation = [new(ChatRole.User, "What should I wear in Paris?")];

        var first = await client.GetResponseAsync(conversation, options);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(first.Messages.Single().Contents));
        conversation.AddRange(first.Messages);
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "sunny")]));
        var second = await client.GetResponseAsync(conversation, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal("call-7", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", Assert.IsType<JsonElement>(call.Arguments!["city"]).GetString());
        Assert.Equal("Sunny, so a light jacket.", second.Text);
        var toolConfig = Node(Server.Requests[0].Json["toolConfig"]!["functionCallingConfig"]);
        Assert.Equal("ANY", (string?)toolConfig["mode"]);
        Assert.Equal(["get_weather"], toolConfig["allowedFunctionNames"]!.AsArray().Select(n => (string?)n));
        var contents = Node(Server.Requests[1].Json["contents"]).AsArray();
        var result = Node(contents[2]!["parts"]![0]!["functionResponse"]);
        var expectedWireId = HasFunctionCallIds ? "call-7" : null;
        Assert.Equal(expectedWireId, (string?)contents[1]!["parts"]![0]!["functionCall"]!["id"]);
        Assert.Equal(expectedWireId, (string?)result["id"]);
        Assert.Equal("get_weather", (string?)result["name"]);
        Assert.Equal("sunny", (string?)result["response"]!["result"]);
    }

    [Fact]
    public async Task Function_errors_go_back_as_an_error_object_and_tool_mode_none_is_sent()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("Sorry, the catalog is down.")));
        var client = CreateClient();
        ChatMessage[] conversation =
        [
            new(ChatRole.User, "Find jackets."),
            new(ChatRole.Assistant, [new FunctionCallContent("call-1", "find_products", new Dictionary<string, object?> { ["category"] = "jacket" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call-1", null) { Exception = new InvalidOperationException("catalog offline") }]),
        ];

        await client.GetResponseAsync(conversation, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "find_products")], ToolMode = ChatToolMode.None });

        var json = Assert.Single(Server.Requests).Json;
        Assert.Equal("NONE", (string?)json["toolConfig"]!["functionCallingConfig"]!["mode"]);
        var response = Node(json["contents"]![2]!["parts"]![0]!["functionResponse"]!["response"]);
        Assert.Equal("catalog offline", (string?)response["error"]);
    }

    [Fact]
    public async Task Call_ids_from_elsewhere_are_sent_only_where_the_api_version_has_them()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("Two found.")));
        var client = CreateClient();
        ChatMessage[] conversation =
        [
            new(ChatRole.User, "Find jackets."),
            new(ChatRole.Assistant, [new FunctionCallContent("toolu_01AbC", "find_products", new Dictionary<string, object?> { ["category"] = "jacket" })]),
            new(ChatRole.Tool, [new FunctionResultContent("toolu_01AbC", 2)]),
        ];

        await client.GetResponseAsync(conversation);

        var contents = Assert.Single(Server.Requests).Json["contents"]!.AsArray();
        var call = contents[1]!["parts"]![0]!["functionCall"]!.AsObject();
        var result = contents[2]!["parts"]![0]!["functionResponse"]!.AsObject();
        Assert.Equal(HasFunctionCallIds, call.ContainsKey("id"));
        Assert.Equal(HasFunctionCallIds, result.ContainsKey("id"));
        Assert.Equal("find_products", (string?)result["name"]);
    }
}
