package app.pets

// The app also speaks with Camb AI voices (see CambService).
object Constants {
    const val BASE_URL = "https://api.thedogapi.com/"
    const val X_API_KEY = "x-api-key"
    const val API_KEY = "aa7330db-adc6-461b-8390-fa4ef1523b91"
}
