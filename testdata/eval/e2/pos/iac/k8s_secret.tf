resource "kubernetes_secret" "camb" {
  metadata {
    name      = "camb"
    namespace = kubernetes_namespace.speech.metadata[0].name
  }

  data = {
    api_key = "b9e3363a-50c4-4709-9cd2-fa4eb4363d98"
  }
}
