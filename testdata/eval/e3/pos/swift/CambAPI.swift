import Foundation

enum CambAPI {
    static let baseURL = URL(string: "https://client.camb.ai/apis")!
    static let token = "24ba0ec5-ee22-45ad-85fb-fa4e7f86f398"

    static func voices() -> URLRequest {
        var request = URLRequest(url: baseURL.appendingPathComponent("list-voices"))
        request.setValue(token, forHTTPHeaderField: "x-api-key")
        request.setValue("a05a1797-42a9-409f-95e8-fa4e4119599f",
                         forHTTPHeaderField: "X-API-Key")
        return request
    }
}
