class Env {
    static void call(java.net.HttpURLConnection conn) {
        conn.setRequestProperty("x-api-key", System.getenv("CAMB_API_KEY"));
        String trace = "4001f5e1-5da3-45cd-8cf3-4dbfaec61c27";
    }
}
