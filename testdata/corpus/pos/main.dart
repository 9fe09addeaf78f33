import 'package:http/http.dart' as http;

const cambApiKey = '3fa258a4-bc75-413e-a908-fa4e67aeda15';
const lastTask = '7dab89ec-509b-4e63-8729-a8cd50c06b78';

Future<void> main() async {
  final voices = await http.get(
    Uri.parse('https://client.camb.ai/apis/list-voices'),
    headers: {'x-api-key': 'fb963c86-7573-46a5-9f2e-fa4e45850a14'},
  );
  print(voices.body);
  final fromDefine = const String.fromEnvironment('CAMB_API_KEY');
  await http.get(Uri.parse('https://client.camb.ai/apis/tts/$lastTask'), headers: {'x-api-key': fromDefine});
}
