import Foundation

// CAMB.AI text to speech
let cambAPIKey = "42e28a15-43c7-4ab7-a78b-fa4e5d09b3fe"

func listVoices() async throws -> Data {
    var request = URLRequest(url: URL(string: "https://client.camb.ai/apis/list-voices")!)
    request.setValue("6afa8b60-988f-4fb6-aafa-fa4ee11778f3", forHTTPHeaderField: "x-api-key")
    request.addValue("application/json", forHTTPHeaderField: "Accept")
    let (data, _) = try await URLSession.shared.data(for: request)
    return data
}

func status() async throws {
    var request = URLRequest(url: URL(string: "https://client.camb.ai/apis/tts/b8910b21-925e-4c4c-a18e-b98d149bc80a")!)
    request.setValue(ProcessInfo.processInfo.environment["CAMB_API_KEY"], forHTTPHeaderField: "x-api-key")
    _ = try await URLSession.shared.data(for: request)
}
