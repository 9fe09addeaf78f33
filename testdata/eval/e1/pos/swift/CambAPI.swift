import Foundation

enum CambAPI {
    static let baseURL = URL(string: "https://client.camb.ai/apis")!

    static func voicesRequest() -> URLRequest {
        var request = URLRequest(url: baseURL.appendingPathComponent("list-voices"))
        request.setValue("299e5212-6bea-4e7c-a32d-fa4ea9bc5c2f", forHTTPHeaderField: "x-api-key")
        return request
    }
}
