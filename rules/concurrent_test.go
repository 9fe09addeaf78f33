package rules

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// bundle returns a minified script of about n bytes on one line, with the
// given keys in x-api-key headers spread over it and a task id UUID in
// every chunk.
func bundle(n int, keys ...string) []byte {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `var t%d={task:"%s",u:"/apis/tts/%s",v:%d},é%d=function(e){return e.map(function(n){return n-4})};`,
			i, negUUID(fmt.Sprint("bundle-task-", i)), negUUID(fmt.Sprint("bundle-url-", i)), i, i)
		if len(keys) > 0 && i%2000 == 0 {
			fmt.Fprintf(&b, `fetch(u,{headers:{"x-api-key":"%s"}});`, keys[0])
			keys = keys[1:]
		}
	}
	for _, k := range keys {
		fmt.Fprintf(&b, `fetch(u,{headers:{"x-api-key":"%s"}});`, k)
	}
	return []byte(b.String())
}

func TestMinifiedBundle(t *testing.T) {
	keys := fakekey.N("bundle", 4)
	text := bundle(1<<20, keys...)
	got := matchedKeys(New(), text)
	want := fakeKeys(text)
	if strings.Join(got, " ") != strings.Join(want, " ") || len(want) != len(keys) {
		t.Errorf("matched %v, want %v", got, want)
	}
	ms := New().Match(text)
	last := ms[len(ms)-1]
	if l, c := Position(text, last.Start); l != 1 || c <= 1<<19 {
		t.Errorf("last key at %d:%d, want line 1 past column 512K", l, c)
	}
}

// TestMatchConcurrent checks that one Set gives the same results when
// shared by many goroutines (run it with -race).
func TestMatchConcurrent(t *testing.T) {
	var texts [][]byte
	for _, dir := range []string{"pos", "neg"} {
		for _, data := range corpus(t, dir) {
			text, _ := Text(data)
			texts = append(texts, text)
		}
	}
	texts = append(texts, bundle(256<<10, fakekey.N("concurrent", 2)...))
	set := New()
	want := make([][]Match, len(texts))
	for i, text := range texts {
		want[i] = set.Match(text)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 5; round++ {
				for i := range texts {
					j := (i + g) % len(texts)
					if got := set.Match(texts[j]); !reflect.DeepEqual(got, want[j]) {
						t.Errorf("goroutine %d: text %d: %+v, want %+v", g, j, got, want[j])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
