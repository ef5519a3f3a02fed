import { serializedProviderSizes, serializeProvider } from "./components/multiaccount/serializedSize";
serializedProviderSizes().then(async (s) => { console.log(s); require("fs").writeFileSync("/tmp/ser-recorder.js", await serializeProvider("ConfigRecorder")); });
