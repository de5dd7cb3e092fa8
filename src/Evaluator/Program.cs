using Microsoft.Extensions.Hosting;
using Streaming.Evaluator;
using Streaming.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddEvaluator();
await builder.Build().RunAsync();
