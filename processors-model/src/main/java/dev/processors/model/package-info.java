/**
 * Model processing that is the same for every provider: the shared builder settings ({@link
 * dev.processors.model.ModelBuilder}), structured output ({@link
 * dev.processors.model.OutputSchema}, {@link dev.processors.model.PartialJson}), tools and function
 * calling ({@link dev.processors.model.Tools}, {@link dev.processors.model.FunctionCalling}), the
 * names of the substreams and metadata a model's output carries ({@link
 * dev.processors.model.ModelParts}) and the typed model errors. The models themselves live in one
 * module per provider ({@code processors-gemini}, {@code processors-openai}); this module depends
 * on no provider SDK.
 *
 * <pre>{@code
 * record WeatherQuery(String city) {}
 * Tools tools = Tools.builder()
 *     .add("get_weather", "Current weather in a city", WeatherQuery.class, q -> weather.now(q.city()))
 *     .build();
 * Processor model = GenaiModel.builder().model("gemini-2.5-flash").tools(tools.declarations()).build();
 * Processor agent = FunctionCalling.builder(model, tools).build();
 * }</pre>
 *
 * <p>Errors are unchecked and typed by cause; API keys never appear in messages or {@code
 * toString()}. The module README is the full tour.
 */
package dev.processors.model;
