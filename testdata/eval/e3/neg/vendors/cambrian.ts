const DEFAULT_BASE_URL = "https://opabinia.cambrian.network";

export class CambrianClient {
  private apiKey = "f87fabec-4341-433d-9ac4-fa4eb80d627f";
  headers() {
    return { "x-api-key": this.apiKey, "Content-Type": "application/json" };
  }
}
