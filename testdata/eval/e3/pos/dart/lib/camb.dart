import 'package:http/http.dart' as http;

Future<http.Response> voices() => http.get(
      Uri.parse('https://client.camb.ai/apis/list-voices'),
      headers: {'x-api-key': '4680e907-40e7-4490-9c71-fa4e28db0509'},
    );
